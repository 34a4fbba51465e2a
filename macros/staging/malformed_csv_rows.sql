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
