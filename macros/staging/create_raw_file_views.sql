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

{# A SQL string literal. #}
{% macro sql_string(value) -%}
    '{{ value | replace("'", "''") }}'
{%- endmacro %}

{#
    read_csv of one checked export file with the dialect the contract fixes, nothing sniffed: comma,
    double quote (a quote inside a quoted field doubled), a header line, LF or CRLF, UTF-8, every column
    text, named in file order from the checked header (a column the contract does not know is read as
    firstparty_unread_<position> and not selected). extra: more read_csv options.
#}
{% macro raw_csv_reader(export, extra='') -%}
    {%- set columns = [] -%}
    {%- for name in export['columns'] -%}
        {%- do columns.append(firstparty.sql_string(name or 'firstparty_unread_' ~ loop.index) ~ ": 'VARCHAR'") -%}
    {%- endfor -%}
    read_csv({{ firstparty.sql_string(export['path']) }}, columns = { {{- columns | join(', ') -}} }, header = true, delim = ',', quote = '"', escape = '"', auto_detect = false, strict_mode = true{{ extra }})
{%- endmacro %}

{# Parse every row of every checked CSV export once: the messages naming file, line and column of every malformed row. #}
{% macro malformed_csv_rows(exports, sources) -%}
    {%- set rejects = ", store_rejects = true, rejects_table = 'firstparty_raw_rejects', rejects_scan = 'firstparty_raw_reject_scans'" -%}
    {%- set scans = [] -%}
    {%- for identifier in exports | sort -%}
        {%- set lengths = [] -%}
        {%- for column in sources[identifier].columns -%}
            {%- do lengths.append('coalesce(length(' ~ adapter.quote(column) ~ '), 0)') -%}
        {%- endfor -%}
        {%- do scans.append('select sum(' ~ lengths | join(' + ') ~ ') as n from '
            ~ firstparty.raw_csv_reader(exports[identifier], rejects)) -%}
    {%- endfor -%}
    {%- set drop_rejects = 'drop table if exists firstparty_raw_rejects; drop table if exists firstparty_raw_reject_scans' -%}
    {%- do run_query(drop_rejects) -%}
    {%- do run_query('select count(*) as n from (' ~ scans | join(' union all ') ~ ')') -%}
    {%- set found = run_query(
        "select s.file_path, e.line, min(e.column_idx) as column_idx, min(e.column_name) as column_name,"
        ~ " string_agg(distinct e.error_type, ', ') as error_type,"
        ~ " count(*) over (partition by s.file_path) as file_lines"
        ~ " from firstparty_raw_rejects as e inner join firstparty_raw_reject_scans as s"
        ~ " on e.scan_id = s.scan_id and e.file_id = s.file_id"
        ~ " group by s.file_path, e.line order by s.file_path, e.line"
    ) -%}
    {%- do run_query(drop_rejects) -%}
    {%- set lines = [] -%}
    {%- if found.rows | length > 0 -%}
        {%- do lines.append('firstparty: malformed rows in the files in raw_path (named by file, line and column, never by their values):') -%}
    {%- endif -%}
    {%- set shown = {} -%}
    {%- for row in found.rows -%}
        {%- set file = row['file_path'] -%}
        {%- set count = shown.get(file, 0) -%}
        {%- if count < 20 -%}
            {%- set column = (', column ' ~ row['column_idx']) if row['column_idx'] is not none else '' -%}
            {%- set name = (' (' ~ row['column_name'] ~ ')') if row['column_name'] is not none and not row['column_name'].startswith('firstparty_unread_') else '' -%}
            {%- do lines.append('  - ' ~ file ~ ': line ' ~ row['line'] ~ column ~ name ~ ': ' ~ firstparty.csv_reject_reason(row['error_type'])) -%}
        {%- elif count == 20 -%}
            {%- do lines.append('  - ' ~ file ~ ': ' ~ (row['file_lines'] - 20) ~ ' more malformed lines') -%}
        {%- endif -%}
        {%- do shown.update({file: count + 1}) -%}
    {%- endfor -%}
    {{ return(lines) }}
{%- endmacro %}

{# What a DuckDB CSV reject error type means, in words. #}
{% macro csv_reject_reason(error_types) -%}
    {%- set reasons = {
        'TOO MANY COLUMNS': 'more fields than the header',
        'MISSING COLUMNS': 'fewer fields than the header',
        'UNQUOTED VALUE': 'a quote that is not closed, or text after a closing quote (the rest of the file may be inside the quote)',
        'INVALID ENCODING': 'not valid UTF-8',
        'LINE SIZE OVER MAXIMUM': 'line longer than 2 MB',
        'CAST ERROR': 'value cannot be read as text',
        'INVALID STATE': 'not valid CSV'
    } -%}
    {%- set words = [] -%}
    {%- for error_type in error_types.split(', ') -%}
        {%- do words.append(reasons.get(error_type, error_type | lower)) -%}
    {%- endfor -%}
    {{- words | join('; ') -}}
{%- endmacro %}
