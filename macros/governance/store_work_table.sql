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
    runs short). A DuckDB transaction writes to one database only: the caller's open transaction (its
    schema created) is committed before, and the table after, since a checkpoint cannot run in a
    transaction that changed something. -#}
{% macro duckdb__store_work_table(name, select_sql) -%}
    {%- set relation = 'firstparty_work.main.' ~ name -%}
    {%- do adapter.commit() -%}
    {%- do run_query("attach if not exists ':memory:' as firstparty_work (compress)") -%}
    {%- do run_query('drop table if exists ' ~ relation) -%}
    {%- do run_query('create table ' ~ relation ~ ' as ' ~ select_sql) -%}
    {%- do adapter.commit() -%}
    {%- do run_query('checkpoint firstparty_work') -%}
    {{ return(relation) }}
{%- endmacro %}

{# Drops a table store_work_table made. #}
{% macro drop_work_table(relation) -%}
    {{ return(adapter.dispatch('drop_work_table', 'firstparty')(relation)) }}
{%- endmacro %}

{% macro default__drop_work_table(relation) -%}
    {%- do run_query('drop table if exists ' ~ relation) -%}
{%- endmacro %}

{#- Committed at once: the caller's next write goes to its own database, and one DuckDB transaction
    writes to one database only. -#}
{% macro duckdb__drop_work_table(relation) -%}
    {%- do run_query('drop table if exists ' ~ relation) -%}
    {%- do adapter.commit() -%}
{%- endmacro %}
