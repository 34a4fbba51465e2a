{# Similarity of two names in [0, 1], case-insensitive: Jaro-Winkler where the database has it; null when either is null. #}
{% macro identity_name_similarity(name_a, name_b) -%}
    {{ return(adapter.dispatch('identity_name_similarity', 'firstparty')(name_a, name_b)) }}
{%- endmacro %}

{#- Without a string-similarity function only equal names count as similar: a conservative fallback
    that can miss a match but never invents one. -#}
{% macro default__identity_name_similarity(name_a, name_b) -%}
    case
        when {{ name_a }} is null or {{ name_b }} is null then null
        when lower({{ name_a }}) = lower({{ name_b }}) then 1.0
        else 0.0
    end
{%- endmacro %}

{% macro duckdb__identity_name_similarity(name_a, name_b) -%}
    jaro_winkler_similarity(lower({{ name_a }}), lower({{ name_b }}))
{%- endmacro %}

{% macro snowflake__identity_name_similarity(name_a, name_b) -%}
    jarowinkler_similarity(lower({{ name_a }}), lower({{ name_b }})) / 100.0
{%- endmacro %}
