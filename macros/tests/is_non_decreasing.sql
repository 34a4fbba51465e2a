{# Generic test: fails on each row whose column is below the previous row's, in order_by order within partition_by. #}
{#
    Rows are compared with the row before them in `order_by` order, within each `partition_by`
    group (a list of columns; none: the whole model). A value may equal the one before it.
    `tolerance` (default 0) accepts a fall of up to that much, for floating-point results.
    Rows whose column or previous value is null pass.
#}
{% test is_non_decreasing(model, column_name, order_by, partition_by=[], tolerance=0) %}

with

ordered as (
    select
        *,
        lag({{ column_name }}) over (
            {%- if partition_by %}
            partition by {{ partition_by | join(', ') }}
            {%- endif %}
            order by {{ order_by }}
        ) as previous_value
    from {{ model }}
)

select *
from ordered
where {{ column_name }} < previous_value - {{ tolerance }}

{% endtest %}
