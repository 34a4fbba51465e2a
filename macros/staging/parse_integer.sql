{# Parse an integer text ('3', '-1') to an integer; decimals and other text give null. #}
{% macro parse_integer(expr) -%}
    case
        when {{ firstparty.regex_matches(firstparty.trimmed(expr), '^[+-]?[0-9]{1,9}$') }}
            then cast({{ firstparty.trimmed(expr) }} as {{ dbt.type_int() }})
    end
{%- endmacro %}
