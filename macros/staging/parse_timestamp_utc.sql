{# Parse an ISO 8601 timestamp text to a UTC timestamp; offsets are applied, naive values and bare dates are UTC; bad text gives null. #}
{#
    A bare date (YYYY-MM-DD, as many shop and CRM exports write an order or sign-up day) is read as
    midnight UTC of that day; an impossible date (2025-02-30) is null like any other bad text.
#}
{% macro parse_timestamp_utc(expr) -%}
    {{ return(adapter.dispatch('parse_timestamp_utc', 'firstparty')(expr)) }}
{%- endmacro %}

{% macro default__parse_timestamp_utc(expr) -%}
    case
        when {{ firstparty.regex_matches(firstparty.trimmed(expr), firstparty.iso_timestamp_pattern(with_offset=true)) }}
            then cast(cast({{ firstparty.trimmed(expr) }} as timestamp with time zone) at time zone 'UTC' as timestamp)
        when {{ firstparty.regex_matches(firstparty.trimmed(expr), firstparty.iso_timestamp_pattern(with_offset=false)) }}
            then cast({{ firstparty.trimmed(expr) }} as timestamp)
        when {{ firstparty.regex_matches(firstparty.trimmed(expr), firstparty.iso_date_pattern()) }}
            then cast({{ firstparty.parse_date(expr) }} as timestamp)
    end
{%- endmacro %}

{% macro duckdb__parse_timestamp_utc(expr) -%}
    case
        when {{ firstparty.regex_matches(firstparty.trimmed(expr), firstparty.iso_timestamp_pattern(with_offset=true)) }}
            then cast(timezone('UTC', try_cast({{ firstparty.trimmed(expr) }} as timestamptz)) as timestamp)
        when {{ firstparty.regex_matches(firstparty.trimmed(expr), firstparty.iso_timestamp_pattern(with_offset=false)) }}
            then try_cast({{ firstparty.trimmed(expr) }} as timestamp)
        when {{ firstparty.regex_matches(firstparty.trimmed(expr), firstparty.iso_date_pattern()) }}
            then cast({{ firstparty.parse_date(expr) }} as timestamp)
    end
{%- endmacro %}

{#- Postgres has no try_cast: the casts run only when the text's day exists (iso_day_exists; nested cases, as
    `and` and `or` do not fix the order in which their sides run). -#}
{% macro postgres__parse_timestamp_utc(expr) -%}
    {%- set text = firstparty.trimmed(expr) -%}
    case
        when {{ firstparty.regex_matches(text, '^' ~ firstparty.iso_date_pattern().strip('^$')) }}
            then case
                when not {{ firstparty.iso_day_exists(text) }} then null
                when {{ firstparty.regex_matches(text, firstparty.iso_timestamp_pattern(with_offset=true)) }}
                    then cast(cast({{ text }} as timestamp with time zone) at time zone 'UTC' as timestamp)
                when {{ firstparty.regex_matches(text, firstparty.iso_timestamp_pattern(with_offset=false)) }}
                    then cast({{ text }} as timestamp)
                when {{ firstparty.regex_matches(text, firstparty.iso_date_pattern()) }}
                    then cast(cast({{ text }} as date) as timestamp)
            end
    end
{%- endmacro %}

{#- Spark: casting text with an offset or Z to timestamp applies the offset (the session time zone is UTC,
    profiles.yml), and a bad value casts to null (dbt-spark turns ANSI mode off). -#}
{% macro spark__parse_timestamp_utc(expr) -%}
    case
        when {{ firstparty.regex_matches(firstparty.trimmed(expr), firstparty.iso_timestamp_pattern(with_offset=true)) }}
            then cast({{ firstparty.trimmed(expr) }} as timestamp)
        when {{ firstparty.regex_matches(firstparty.trimmed(expr), firstparty.iso_timestamp_pattern(with_offset=false)) }}
            then cast({{ firstparty.trimmed(expr) }} as timestamp)
        when {{ firstparty.regex_matches(firstparty.trimmed(expr), firstparty.iso_date_pattern()) }}
            then cast({{ firstparty.parse_date(expr) }} as timestamp)
    end
{%- endmacro %}
