{# Postgres unit tests: numeric columns compared by value, not by how many decimal places each side carries. #}
{#
    dbt casts a unit test's expected rows to the types of the model's columns as the database reports them.
    On Postgres a numeric column often loses its scale on the way (a case with no else has none), so dbt
    casts the expectation 7.00 to plain numeric (7.00) while the model wrote 7.000000, and dbt compares the
    two as text. Here both sides of every numeric column go through trim_scale (Postgres 13+), so equal
    values compare equal; anything else is dbt's default__get_unit_test_sql unchanged.
#}
{% macro postgres__get_unit_test_sql(main_sql, expected_fixture_sql, expected_column_names) -%}
    {%- set numeric_columns = [] -%}
    {%- if execute -%}
        {%- for column in get_column_schema_from_query(main_sql) -%}
            {%- if column.dtype | lower in ('numeric', 'decimal') -%}
                {%- do numeric_columns.append(column.name | lower) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set compared = [] -%}
    {%- for name in expected_column_names -%}
        {%- set bare = name | replace('"', '') | lower -%}
        {%- do compared.append('trim_scale(' ~ name ~ ') as ' ~ name if bare in numeric_columns else name) -%}
    {%- endfor %}
    with dbt_internal_unit_test_actual as (
        select {{ compared | join(', ') }}, {{ dbt.string_literal("actual") }} as {{ adapter.quote("actual_or_expected") }}
        from (
            {{ main_sql }}
        ) as _dbt_internal_unit_test_actual
    ),

    dbt_internal_unit_test_expected as (
        select {{ compared | join(', ') }}, {{ dbt.string_literal("expected") }} as {{ adapter.quote("actual_or_expected") }}
        from (
            {{ expected_fixture_sql }}
        ) as _dbt_internal_unit_test_expected
    )

    select * from dbt_internal_unit_test_actual
    union all
    select * from dbt_internal_unit_test_expected
{%- endmacro %}
