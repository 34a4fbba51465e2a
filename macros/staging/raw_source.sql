{# The raw export behind a source: the landing table (demo seeds), or with var raw_path the export file read in place. #}
{#
    Staging models call this instead of source() directly; it still calls source(), so lineage and
    `dbt ls --select source:...` keep working. With --vars '{raw_path: /data/exports}' the file
    <raw_path>/<source>_<table>.<raw_format> is read where it lies (every column as text), so real
    exports are never copied into the project.
#}
{% macro raw_source(source_name, table_name) -%}
    {{ return(adapter.dispatch('raw_source', 'firstparty')(source_name, table_name)) }}
{%- endmacro %}

{% macro default__raw_source(source_name, table_name) -%}
    {%- if var('raw_path') -%}
        {{ exceptions.raise_compiler_error(
            "var raw_path (reading exports in place from files) is supported on DuckDB only; on "
            ~ target.type ~ " load the exports into the raw schema and leave raw_path unset") }}
    {%- endif -%}
    {{ source(source_name, table_name) }}
{%- endmacro %}

{% macro duckdb__raw_source(source_name, table_name) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- set raw_path = var('raw_path') -%}
    {#- In a unit test, source() is the fixture CTE (__dbt__cte__...): never swap it for a file. -#}
    {%- if not raw_path or (relation | string).startswith('__dbt__cte__') -%}
        {{ relation }}
    {%- else -%}
        {%- set raw_format = var('raw_format') -%}
        {%- set file_path = raw_path.rstrip('/') ~ '/' ~ relation.identifier ~ '.' ~ raw_format -%}
        {%- if raw_format == 'csv' -%}
            read_csv('{{ file_path }}', header = true, all_varchar = true)
        {%- elif raw_format == 'parquet' -%}
            read_parquet('{{ file_path }}')
        {%- else -%}
            {{ exceptions.raise_compiler_error(
                "var raw_format must be 'csv' or 'parquet', got '" ~ raw_format ~ "'") }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
