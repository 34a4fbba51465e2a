{# True when the whole of `expr` matches the regular expression `pattern` (anchor it yourself). #}
{% macro regex_matches(expr, pattern) -%}
    {{ return(adapter.dispatch('regex_matches', 'firstparty')(expr, pattern)) }}
{%- endmacro %}

{% macro default__regex_matches(expr, pattern) -%}
    regexp_like({{ expr }}, '{{ pattern | replace("'", "''") }}')
{%- endmacro %}

{% macro duckdb__regex_matches(expr, pattern) -%}
    regexp_matches({{ expr }}, '{{ pattern | replace("'", "''") }}')
{%- endmacro %}

{% macro postgres__regex_matches(expr, pattern) -%}
    ({{ expr }} ~ '{{ pattern | replace("'", "''") }}')
{%- endmacro %}

{#- Backslashes doubled: Spark's string literals read backslash escapes ('\s' would be the letter s). -#}
{% macro spark__regex_matches(expr, pattern) -%}
    ({{ expr }} rlike '{{ pattern | replace('\\', '\\\\') | replace("'", "''") }}')
{%- endmacro %}
