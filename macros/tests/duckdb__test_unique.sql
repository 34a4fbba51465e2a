{#- dbt's built-in `unique` test on DuckDB: dbt dispatches test_unique to the root project's
    duckdb__test_unique before its own. Same rows as dbt's default__test_unique (each non-null value on
    more than one row, with its count), found by grouping a 64-bit hash of the value first and the values
    themselves only where a hash repeats. -#}
{% macro duckdb__test_unique(model, column_name) -%}
with

value_hashes as (
    select hash({{ column_name }}) as value_hash
    from {{ model }}
    where {{ column_name }} is not null
),

repeated_hashes as (
    select value_hash
    from value_hashes
    group by value_hash
    having count(*) > 1
)

select
    {{ column_name }} as unique_field,
    count(*) as n_records
from {{ model }}
where
    {{ column_name }} is not null
    and hash({{ column_name }}) in (select value_hash from repeated_hashes)
group by {{ column_name }}
having count(*) > 1
{%- endmacro %}
