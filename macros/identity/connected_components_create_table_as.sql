{# SQL that creates a plain work table from a select; dispatched so a dialect without `create table as` can override it. #}
{% macro connected_components_create_table_as(relation, select_sql) -%}
    {{ return(adapter.dispatch('connected_components_create_table_as', 'firstparty')(relation, select_sql)) }}
{%- endmacro %}

{% macro default__connected_components_create_table_as(relation, select_sql) -%}
    create table {{ relation }} as
    {{ select_sql }}
{%- endmacro %}

{#- A relation in DuckDB's temp catalog (connected_components_work_relation) is created as a temporary table:
    DuckDB accepts the temp catalog only in that form. -#}
{% macro duckdb__connected_components_create_table_as(relation, select_sql) -%}
    {%- if relation.database == 'temp' -%}
        {{ firstparty.create_temporary_table_as(adapter.quote(relation.identifier), select_sql) }}
    {%- else -%}
        {{ firstparty.default__connected_components_create_table_as(relation, select_sql) }}
    {%- endif -%}
{%- endmacro %}
