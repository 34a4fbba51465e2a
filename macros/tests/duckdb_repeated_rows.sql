{#- DuckDB: the groups of `group_expressions` holding more than one row of `model` (rows passing `where`, if
    given), found by grouping a 64-bit hash() of the expressions first and the expressions themselves only
    where a hash repeats: exact (a hash collision only sends a few more rows to the second step), and a group
    of bigints holds far less than a group of text values. `select_list` is what each repeated group returns.
    The hash-first body of duckdb__test_unique and duckdb__unique_combination_of_columns_sql. Called without
    a macro namespace: macros/tests also runs in projects of other names (tests_py links it). -#}
{% macro duckdb_repeated_rows(model, group_expressions, select_list, where=none) -%}
    {%- set expressions = group_expressions | join(', ') -%}
with

row_hashes as (
    select hash({{ expressions }}) as row_hash
    from {{ model }}
    {%- if where %}
    where {{ where }}
    {%- endif %}
),

repeated_hashes as (
    select row_hash
    from row_hashes
    group by row_hash
    having count(*) > 1
)

select {{ select_list }}
from {{ model }}
where
    {%- if where %}
    {{ where }} and
    {%- endif %}
    hash({{ expressions }}) in (select row_hash from repeated_hashes)
group by {{ expressions }}
having count(*) > 1
{%- endmacro %}
