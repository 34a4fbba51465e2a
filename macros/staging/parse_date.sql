{# Parse an ISO 8601 date text (YYYY-MM-DD) to a date; impossible dates (2025-02-30) and other text give null. #}
{% macro parse_date(expr) -%}
    {{ return(adapter.dispatch('parse_date', 'firstparty')(expr)) }}
{%- endmacro %}

{% macro default__parse_date(expr) -%}
    case
        when {{ firstparty.regex_matches(firstparty.trimmed(expr), firstparty.iso_date_pattern()) }}
            then cast({{ firstparty.trimmed(expr) }} as date)
    end
{%- endmacro %}

{% macro duckdb__parse_date(expr) -%}
    case
        when {{ firstparty.regex_matches(firstparty.trimmed(expr), firstparty.iso_date_pattern()) }}
            then try_cast({{ firstparty.trimmed(expr) }} as date)
    end
{%- endmacro %}
