{# `expr` when the whole of it matches `pattern` (anchor it yourself with ^ and $), else null: written with
   `expr` once where the engine allows, so a long expression (a normalised phone) is not repeated. The
   pattern must hold no capturing group (Postgres' substring returns the first group). #}
{% macro regex_full_match_or_null(expr, pattern) -%}
    {{ return(adapter.dispatch('regex_full_match_or_null', 'firstparty')(expr, pattern)) }}
{%- endmacro %}

{% macro default__regex_full_match_or_null(expr, pattern) -%}
    case when {{ firstparty.regex_matches(expr, pattern) }} then {{ expr }} end
{%- endmacro %}

{% macro duckdb__regex_full_match_or_null(expr, pattern) -%}
    nullif(regexp_extract({{ expr }}, '{{ pattern | replace("'", "''") }}'), '')
{%- endmacro %}

{% macro postgres__regex_full_match_or_null(expr, pattern) -%}
    substring({{ expr }} from '{{ pattern | replace("'", "''") }}')
{%- endmacro %}

{#- Backslashes doubled, as in spark__regex_matches. -#}
{% macro spark__regex_full_match_or_null(expr, pattern) -%}
    nullif(regexp_extract({{ expr }}, '{{ pattern | replace('\\', '\\\\') | replace("'", "''") }}', 0), '')
{%- endmacro %}
