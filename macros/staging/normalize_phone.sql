{# A phone number in E.164 (+<country code><number>) from international (+, 00) or national format; invalid gives null. #}
{#
    National numbers take the calling code of `country_expr` (an ISO-2 code column, normally the
    record's normalised country_code), or of var('default_phone_country') when that is null.
    The national trunk prefix 0 (GB, DE, FR, NL, IE...) is dropped, also when written "(0)" after
    the country code. North American numbers need 10 digits (or 11 starting with 1). The result
    must have 8 to 15 digits after the '+', the E.164 range.
#}
{% macro normalize_phone(expr, country_expr='null') -%}
    {%- set countries = firstparty.country_reference() -%}
    {%- set default_country = var('default_phone_country') -%}
    {%- if default_country not in countries -%}
        {{ exceptions.raise_compiler_error(
            "var default_phone_country='" ~ default_country ~ "' is not a country firstparty knows; use one of "
            ~ (countries.keys() | sort | join(', '))) }}
    {%- endif -%}
    {%- set text = firstparty.regex_replace_all(firstparty.trimmed(expr), '[(]0[)]', '') -%}
    {%- set digits = firstparty.regex_replace_all(text, '[^0-9]', '') -%}
    {%- set trunk_countries = [] -%}
    {%- for iso2, country in countries.items() | sort if country.trunk_prefix == '0' -%}
        {%- do trunk_countries.append(iso2) -%}
    {%- endfor -%}
    {%- set country -%}
        coalesce({{ country_expr }}, '{{ default_country }}')
    {%- endset -%}
    {%- set calling_code -%}
        case {{ country }}
        {%- for iso2, c in countries.items() | sort %}
            when '{{ iso2 }}' then '{{ c.calling_code }}'
        {%- endfor %}
        end
    {%- endset -%}
    {#- The candidate is written once (the check reads it through regex_full_match_or_null) and the
        calling code twice: this expression is inlined for every phone column of every export, and it
        used to be ten calling-code CASEs and two candidates long. -#}
    {%- set candidate -%}
        case
            when {{ text }} like '+%' then '+' || {{ digits }}
            when {{ digits }} like '00%' then '+' || substring({{ digits }}, 3)
            when {{ calling_code }} = '1'
                then case
                    when length({{ digits }}) = 11 and {{ digits }} like '1%' then '+' || {{ digits }}
                    when length({{ digits }}) = 10 then '+1' || {{ digits }}
                end
            else '+' || {{ calling_code }} || case
                when {{ country }} in ('{{ trunk_countries | join("', '") }}') and {{ digits }} like '0%'
                    then substring({{ digits }}, 2)
                else {{ digits }}
            end
        end
    {%- endset -%}
    {{ firstparty.regex_full_match_or_null(candidate, '^[+][1-9][0-9]{7,14}$') }}
{%- endmacro %}
