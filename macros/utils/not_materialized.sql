{#- The CTE keyword that keeps an import CTE inlined: `occurrences as {{ firstparty.not_materialized() }} (`.
    An import CTE (`select * from ref(...)`) read twice or more in a model is materialized by DuckDB 2 and
    by Postgres 12+ unless marked: a copy of every column of the relation in memory, spilled when it
    does not fit, where reading the stored table twice reads only the columns each use needs. At 300k
    persons int_identity__identifiers spilled 8.8 GB this way and ran 29.8 s; inlined, 17.5 s and no
    spill (docs/scale.md). Engines without the keyword (Spark) inline such CTEs anyway. -#}
{% macro not_materialized() -%}
    {{- return(adapter.dispatch('not_materialized', 'firstparty')()) -}}
{%- endmacro %}

{% macro default__not_materialized() -%}
{%- endmacro %}

{% macro duckdb__not_materialized() -%}
    not materialized
{%- endmacro %}

{% macro postgres__not_materialized() -%}
    not materialized
{%- endmacro %}
