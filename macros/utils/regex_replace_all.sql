{# Replace every match of `pattern` in `expr` with `replacement`. #}
{% macro regex_replace_all(expr, pattern, replacement) -%}
    {{ return(adapter.dispatch('regex_replace_all', 'firstparty')(expr, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regex_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}

{#- Spark's string literals read backslash escapes ('\s' is the letter s), so a pattern's backslashes are
    doubled to reach the regex engine as written. -#}
{% macro spark__regex_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, '{{ pattern | replace('\\', '\\\\') }}', '{{ replacement | replace('\\', '\\\\') }}')
{%- endmacro %}
