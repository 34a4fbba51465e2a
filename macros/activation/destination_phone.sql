{# A phone number normalised by one ad platform's published rule: E.164 with '+' (Google) or its digits (Meta). #}
{#
    The number is first written in E.164 by staging's normalize_phone (national numbers take the
    calling code of `country_expr`, an ISO-2 column, else var default_phone_country; trunk 0 dropped),
    so '(650)555-1212' in the US becomes '+16505551212'. google_ads keeps that form; meta_ads drops the
    '+' ('16505551212'). A value that is no valid number gives null.
#}
{% macro destination_phone(expr, destination, country_expr='null') -%}
    {%- set destinations = firstparty.activation_destinations() -%}
    {%- if destination not in destinations -%}
        {{ exceptions.raise_compiler_error(
            "destination_phone: unknown destination '" ~ destination ~ "'; known: "
            ~ (destinations.keys() | sort | join(', '))) }}
    {%- endif -%}
    {%- set e164 = firstparty.normalize_phone(expr, country_expr) -%}
    {%- if destinations[destination]['phone'] == 'e164' -%}
        {{ e164 }}
    {%- else -%}
        substring({{ e164 }}, 2)
    {%- endif -%}
{%- endmacro %}
