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

{#- Postgres has no try_cast: the cast runs only when the day exists in its month (and the year is not 0); nested
    cases, as `and` does not fix the order in which its sides run. -#}
{% macro postgres__parse_date(expr) -%}
    case
        when {{ firstparty.regex_matches(firstparty.trimmed(expr), firstparty.iso_date_pattern()) }}
            then case when {{ firstparty.iso_day_exists(firstparty.trimmed(expr)) }} then cast({{ firstparty.trimmed(expr) }} as date) end
    end
{%- endmacro %}

{#- True when the YYYY-MM-DD at the start of a text that matched iso_date_pattern names a real day: year 1 or
    later, day within its month (29 February in leap years only). For engines without try_cast. -#}
{% macro iso_day_exists(text) -%}
    {%- set year = 'cast(substring(' ~ text ~ ', 1, 4) as ' ~ dbt.type_int() ~ ')' -%}
    {%- set month = 'cast(substring(' ~ text ~ ', 6, 2) as ' ~ dbt.type_int() ~ ')' -%}
    {%- set day = 'cast(substring(' ~ text ~ ', 9, 2) as ' ~ dbt.type_int() ~ ')' -%}
    ({{ year }} >= 1 and {{ day }} <= case
        when {{ month }} in (4, 6, 9, 11) then 30
        when {{ month }} = 2 and mod({{ year }}, 4) = 0 and (mod({{ year }}, 100) <> 0 or mod({{ year }}, 400) = 0)
            then 29
        when {{ month }} = 2 then 28
        else 31
    end)
{%- endmacro %}
