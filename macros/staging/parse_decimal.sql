{# Parse a plain decimal text ('12.50', '-3', '.5') to decimal(18, 2); thousands separators, commas and letters give null. #}
{% macro parse_decimal(expr) -%}
    case
        when {{ firstparty.regex_matches(firstparty.trimmed(expr), '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)$') }}
            then cast({{ firstparty.trimmed(expr) }} as {{ dbt.type_numeric() }})
    end
{%- endmacro %}
