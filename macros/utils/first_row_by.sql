{# One row per group: the columns of the group's first row in an order (a select to wrap in a CTE). #}
{#- `relation` (a relation or CTE name) grouped by the `group_by` columns; for each group, `columns`
    (names) of its first row by `order_by` (expressions, each ascending with nulls last, the last ones
    breaking every tie). Elsewhere the rows ranked by row_number() in each group; on DuckDB one arg_min
    per group over the order as a struct (a hash aggregate, where the window sorts every row by the
    group's key). -#}
{% macro first_row_by(relation, group_by, columns, order_by) -%}
    {{ return(adapter.dispatch('first_row_by', 'firstparty')(relation, group_by, columns, order_by)) }}
{%- endmacro %}

{% macro default__first_row_by(relation, group_by, columns, order_by) -%}
    select
        {{ (group_by + columns) | join(',\n        ') }}
    from (
        select
            {{ (group_by + columns) | join(',\n            ') }},
            row_number() over (
                partition by {{ group_by | join(', ') }}
                order by {% for expression in order_by %}{{ expression }} nulls last{% if not loop.last %}, {% endif %}{% endfor %}
            ) as first_row_rank
        from {{ relation }}
    ) as ranked_rows
    where first_row_rank = 1
{%- endmacro %}

{#- The order as a struct: DuckDB compares structs field by field, a null field after every value (nulls
    last, as the order asks; the unit tests of int_identity__customer_assignments on records never seen
    check it). -#}
{% macro duckdb__first_row_by(relation, group_by, columns, order_by) -%}
    select
        {{ group_by | join(',\n        ') }},
        {%- for column in columns %}
        first_row.{{ column }} as {{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from (
        select
            {{ group_by | join(',\n            ') }},
            arg_min(
                { {%- for column in columns %}'{{ column }}': {{ column }}{% if not loop.last %}, {% endif %}{% endfor -%} },
                { {%- for expression in order_by %}'key_{{ loop.index }}': {{ expression }}{% if not loop.last %}, {% endif %}{% endfor -%} }
            ) as first_row
        from {{ relation }}
        group by {{ group_by | join(', ') }}
    ) as first_rows
{%- endmacro %}
