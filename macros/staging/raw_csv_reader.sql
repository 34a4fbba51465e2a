{# read_csv of one checked export file with the dialect and columns the contract fixes, nothing sniffed. #}
{#
    The dialect: comma, double quote (a quote inside a quoted field doubled), a header line, LF or
    CRLF, UTF-8, strict mode; every column text, named in file order from the checked header (a
    column the contract does not know is read as firstparty_unread_<position> and not selected).
    extra: more read_csv options.
#}
{% macro raw_csv_reader(export, extra='') -%}
    {%- set columns = [] -%}
    {%- for name in export['columns'] -%}
        {%- do columns.append(firstparty.sql_string(name or 'firstparty_unread_' ~ loop.index) ~ ": 'VARCHAR'") -%}
    {%- endfor -%}
    read_csv({{ firstparty.sql_string(export['path']) }}, columns = { {{- columns | join(', ') -}} }, header = true, delim = ',', quote = '"', escape = '"', auto_detect = false, strict_mode = true{{ extra }})
{%- endmacro %}
