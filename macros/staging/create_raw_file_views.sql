{# on-run-start: with var raw_path, (re)create every raw landing table as a view over its export file. #}
{#
    The view raw.<source>_<table> reads <raw_path>/<source>_<table>.<raw_format> in place, every column
    as text, so sources, staging and unit tests work unchanged and the database file holds no copy of
    the exports (only the view definitions). Does nothing without raw_path.
#}
{% macro create_raw_file_views() -%}
    {{ return(adapter.dispatch('create_raw_file_views', 'firstparty')()) }}
{%- endmacro %}

{% macro default__create_raw_file_views() -%}
    {%- if var('raw_path') -%}
        {{ exceptions.raise_compiler_error(
            "var raw_path (reading exports in place from files) is supported on DuckDB only; on "
            ~ target.type ~ " load the exports into the raw schema and set load_demo_seeds: false") }}
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__create_raw_file_views() -%}
    {%- set raw_path = var('raw_path') -%}
    {%- if execute and raw_path -%}
        {%- set raw_format = var('raw_format') -%}
        {%- if raw_format not in ['csv', 'parquet'] -%}
            {{ exceptions.raise_compiler_error("var raw_format must be 'csv' or 'parquet', got '" ~ raw_format ~ "'") }}
        {%- endif -%}
        {%- set statements = [] -%}
        {%- for node in graph.sources.values() | sort(attribute='unique_id') if node.package_name == 'firstparty' -%}
            {%- if loop.first -%}
                {%- do statements.append('create schema if not exists ' ~ adapter.quote(node.schema)) -%}
            {%- endif -%}
            {%- set file_path = raw_path.rstrip('/') ~ '/' ~ node.identifier ~ '.' ~ raw_format -%}
            {%- if raw_format == 'csv' -%}
                {%- set reader = "read_csv('" ~ file_path ~ "', header = true, all_varchar = true)" -%}
            {%- else -%}
                {%- set reader = "read_parquet('" ~ file_path ~ "')" -%}
            {%- endif -%}
            {%- do statements.append(
                'create or replace view ' ~ adapter.quote(node.schema) ~ '.' ~ adapter.quote(node.identifier)
                ~ ' as select * from ' ~ reader) -%}
        {%- endfor -%}
        {{ return(statements | join(';\n')) }}
    {%- endif -%}
{%- endmacro %}
