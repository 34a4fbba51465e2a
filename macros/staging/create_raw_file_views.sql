{# on-run-start: with var raw_path, check the export files, then (re)create every raw landing table as a view over its file. #}
{#
    The view raw.<source>_<table> reads <raw_path>/<source>_<table>.<raw_format> in place, every column
    as text, so sources, staging and unit tests work unchanged and the database file holds no copy of
    the exports (only the view definitions). Does nothing without raw_path. Before any view is made:
    1. the folder and every file's header are checked against the export contract
       (src/firstparty/exports.py) by firstparty_check_raw_files(), a function the dbt-duckdb plugin
       firstparty.raw_files registers: unknown, missing, misnamed or case-duplicate files, 0-byte files,
       headers missing a contract column; every problem in one error;
    2. CSV only: every row of every file is parsed once, with the dialect and columns the views use
       (raw_csv_reader), DuckDB's rejects tables collecting each malformed row (wrong number of fields,
       unterminated quote, invalid UTF-8, a line over 2 MB).
    Any problem of either step stops the run before any view is made, with one error listing them all
    (file, line and column of each malformed row, never its values).
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
        {%- set registered = run_query(
            "select count(*) as n from duckdb_functions() where function_name = 'firstparty_check_raw_files'"
        ).columns[0].values()[0] -%}
        {%- if registered == 0 -%}
            {{ exceptions.raise_compiler_error(
                "firstparty: var raw_path needs the dbt-duckdb plugin firstparty.raw_files (it checks the export "
                ~ "files before they are read): add `- module: firstparty.raw_files` under plugins: in profiles.yml") }}
        {%- endif -%}
        {%- set checked = fromjson(run_query(
            'select firstparty_check_raw_files(' ~ firstparty.sql_string(raw_path) ~ ', '
            ~ firstparty.sql_string(raw_format) ~ ') as checked'
        ).columns[0].values()[0]) -%}
        {%- set sources = {} -%}
        {%- for node in graph.sources.values() if node.package_name == 'firstparty' -%}
            {%- do sources.update({node.identifier: node}) -%}
        {%- endfor -%}
        {%- set problems = [checked['error']] if checked['error'] else [] -%}
        {%- if raw_format == 'csv' and checked['exports'] -%}
            {%- do problems.extend(firstparty.malformed_csv_rows(checked['exports'], sources)) -%}
        {%- endif -%}
        {%- if problems -%}
            {%- set dialect = "; files are read as UTF-8 CSV with a header line, comma-separated, fields optionally "
                ~ "in double quotes (a quote inside doubled), LF or CRLF, at most 2 MB per line" if raw_format == 'csv' else '' -%}
            {{ exceptions.raise_compiler_error(
                problems | join("\n") ~ "\nNo view was made and no model ran. The contract (file names, columns) is "
                ~ "src/firstparty/exports.py" ~ dialect ~ " (README 'Point it at your own exports').") }}
        {%- endif -%}
        {%- set statements = [] -%}
        {%- for identifier in sources | sort -%}
            {%- set node = sources[identifier] -%}
            {%- if loop.first -%}
                {%- do statements.append('create schema if not exists ' ~ adapter.quote(node.schema)) -%}
            {%- endif -%}
            {%- set export = checked['exports'][identifier] -%}
            {%- set columns = [] -%}
            {%- for column in node.columns -%}
                {%- do columns.append('cast(' ~ adapter.quote(column) ~ ' as varchar) as ' ~ adapter.quote(column)) -%}
            {%- endfor -%}
            {%- if raw_format == 'csv' -%}
                {%- set reader = firstparty.raw_csv_reader(export) -%}
            {%- else -%}
                {%- set reader = 'read_parquet(' ~ firstparty.sql_string(export['path']) ~ ')' -%}
            {%- endif -%}
            {%- do statements.append(
                'create or replace view ' ~ adapter.quote(node.schema) ~ '.' ~ adapter.quote(node.identifier)
                ~ ' as select ' ~ columns | join(', ') ~ ' from ' ~ reader) -%}
        {%- endfor -%}
        {{ return(statements | join(';\n')) }}
    {%- endif -%}
{%- endmacro %}
