{# SQL that creates a session-scoped temporary table from a select: work tables that never reach the database file. #}
{% macro create_temporary_table_as(name, select_sql) -%}
    {{ return(adapter.dispatch('create_temporary_table_as', 'firstparty')(name, select_sql)) }}
{%- endmacro %}

{% macro default__create_temporary_table_as(name, select_sql) -%}
    create temporary table {{ name }} as
    {{ select_sql }}
{%- endmacro %}

{#- Spark has no temporary tables (a temporary view is recomputed at each read and cannot be inserted into):
    a Parquet table in the session's current database, which the callers drop when they are done. -#}
{% macro spark__create_temporary_table_as(name, select_sql) -%}
    create table {{ name }} using parquet as
    {{ select_sql }}
{%- endmacro %}
