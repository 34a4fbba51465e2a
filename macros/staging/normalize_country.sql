{# A country written as ISO-2, ISO-3 or a known English or local name, as its ISO-2 code; unknown text gives null. #}
{% macro normalize_country(expr) -%}
    {%- set key = "upper(" ~ firstparty.regex_replace_all(firstparty.trimmed(expr), '[ .-]', '') ~ ")" -%}
    case {{ key }}
    {%- for iso2, country in firstparty.country_reference().items() | sort %}
        when '{{ iso2 }}' then '{{ iso2 }}'
        when '{{ country.iso3 }}' then '{{ iso2 }}'
        {%- for spelling in country.spellings %}
        when '{{ spelling }}' then '{{ iso2 }}'
        {%- endfor %}
    {%- endfor %}
    end
{%- endmacro %}
