{# SQL that creates a plain work table from a select; dispatched so a dialect without `create table as` can override it. #}
{% macro connected_components_create_table_as(relation, select_sql) -%}
    {{ return(adapter.dispatch('connected_components_create_table_as', 'firstparty')(relation, select_sql)) }}
{%- endmacro %}

{% macro default__connected_components_create_table_as(relation, select_sql) -%}
    create table {{ relation }} as
    {{ select_sql }}
{%- endmacro %}
