{#- Jaro-Winkler similarity of two texts in [0, 1], rounded to 9 decimals; null when either is null. The
    comparison levels of probabilistic matching (macro identity_match_comparisons) call it. Rounded because
    the engines compute in floating point: 'amy' and 'any' are exactly 0.8 apart (two of three letters
    matched, one prefix letter) but come out as 0.7999999999999999 and would miss the threshold 0.80. -#}
{% macro identity_jaro_winkler(text_a, text_b) -%}
    {%- set similarity = adapter.dispatch('identity_jaro_winkler', 'firstparty')(text_a, text_b) -%}
    {{ return('cast(' ~ similarity ~ ' as decimal(10, 9))') }}
{%- endmacro %}

{#- Without a string-similarity function only equal texts count as similar: a conservative fallback
    that can miss a match but never invents one (Postgres and Spark have their own below). -#}
{% macro default__identity_jaro_winkler(text_a, text_b) -%}
    case
        when {{ text_a }} is null or {{ text_b }} is null then null
        when {{ text_a }} = {{ text_b }} then 1.0
        else 0.0
    end
{%- endmacro %}

{% macro duckdb__identity_jaro_winkler(text_a, text_b) -%}
    jaro_winkler_similarity({{ text_a }}, {{ text_b }})
{%- endmacro %}

{% macro snowflake__identity_jaro_winkler(text_a, text_b) -%}
    jarowinkler_similarity({{ text_a }}, {{ text_b }}) / 100.0
{%- endmacro %}

{#- Postgres: firstparty_functions.jaro_winkler, created on-run-start by macro create_sql_functions. -#}
{% macro postgres__identity_jaro_winkler(text_a, text_b) -%}
    firstparty_functions.jaro_winkler({{ text_a }}, {{ text_b }})
{%- endmacro %}

{#- Spark: firstparty_jaro_winkler, a Python UDF (firstparty.jaro_winkler, DuckDB's definition) that
    firstparty.spark_build registers in the session. -#}
{% macro spark__identity_jaro_winkler(text_a, text_b) -%}
    firstparty_jaro_winkler({{ text_a }}, {{ text_b }})
{%- endmacro %}
