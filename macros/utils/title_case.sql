{# Upper-case the first letter of every space-separated word and lower-case the rest ("ANNE marie" -> "Anne Marie"). #}
{% macro title_case(expr) -%}
    {{ return(adapter.dispatch('title_case', 'firstparty')(expr)) }}
{%- endmacro %}

{% macro default__title_case(expr) -%}
    initcap({{ expr }})
{%- endmacro %}

{% macro duckdb__title_case(expr) -%}
    array_to_string(
        list_transform(
            string_split(lower({{ expr }}), ' '),
            lambda word: upper(left(word, 1)) || substring(word, 2)
        ),
        ' '
    )
{%- endmacro %}
