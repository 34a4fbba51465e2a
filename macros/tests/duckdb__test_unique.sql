{#- dbt's built-in `unique` test on DuckDB: dbt dispatches test_unique to the root project's
    duckdb__test_unique before its own. Same rows as dbt's default__test_unique (each non-null value on
    more than one row, with its count), found hash first (duckdb_repeated_rows). -#}
{% macro duckdb__test_unique(model, column_name) -%}
    {{ duckdb_repeated_rows(
        model,
        [column_name],
        column_name ~ ' as unique_field, count(*) as n_records',
        where=column_name ~ ' is not null',
    ) }}
{%- endmacro %}
