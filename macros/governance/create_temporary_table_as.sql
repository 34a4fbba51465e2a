{# SQL that creates a session-scoped temporary table from a select: work tables that never reach the database file. #}
{% macro create_temporary_table_as(name, select_sql) -%}
    {{ return(adapter.dispatch('create_temporary_table_as', 'firstparty')(name, select_sql)) }}
{%- endmacro %}

{% macro default__create_temporary_table_as(name, select_sql) -%}
    create temporary table {{ name }} as
    {{ select_sql }}
{%- endmacro %}
