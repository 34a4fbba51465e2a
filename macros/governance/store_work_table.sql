{# Stores a select as a work table for a materialization's rounds and returns the name to read it by: never the database file. #}
{% macro store_work_table(name, select_sql) -%}
    {{ return(adapter.dispatch('store_work_table', 'firstparty')(name, select_sql)) }}
{%- endmacro %}

{% macro default__store_work_table(name, select_sql) -%}
    {%- do run_query('drop table if exists ' ~ name) -%}
    {%- do run_query(firstparty.create_temporary_table_as(name, select_sql)) -%}
    {{ return(name) }}
{%- endmacro %}

{#- DuckDB keeps temporary tables uncompressed: the erasure graph of 1M persons (30.2M rows of
    identifiers) takes 5.2 GB and spills. A table in an in-memory database attached with COMPRESS is
    compressed when that database is checkpointed (dictionary and FSST for text: about 1 GB), and
    like a temporary table it never reaches the database file (memory, or the temp_directory when memory
    runs short). A checkpoint cannot run in a transaction that changed something, so the table is
    committed first. -#}
{% macro duckdb__store_work_table(name, select_sql) -%}
    {%- set relation = 'firstparty_work.main.' ~ name -%}
    {%- do run_query("attach if not exists ':memory:' as firstparty_work (compress)") -%}
    {%- do run_query('drop table if exists ' ~ relation) -%}
    {%- do run_query('create table ' ~ relation ~ ' as ' ~ select_sql) -%}
    {%- do adapter.commit() -%}
    {%- do run_query('checkpoint firstparty_work') -%}
    {{ return(relation) }}
{%- endmacro %}
