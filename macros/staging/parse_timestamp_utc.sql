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
