{#- `row_number()` over every row, in whatever order the engine reads them: distinct numbers 1..n where
    the order does not matter (numbering keys to join on integers). Ordering a few million text keys only
    to number them is a sort; DuckDB and Postgres number without one (`over ()`), Spark requires an order
    and gets the given one. -#}
{% macro row_number_in_any_order(order_by) -%}
    {{- return(adapter.dispatch('row_number_in_any_order', 'firstparty')(order_by)) -}}
{%- endmacro %}

{% macro default__row_number_in_any_order(order_by) -%}
    row_number() over (order by {{ order_by }})
{%- endmacro %}

{% macro duckdb__row_number_in_any_order(order_by) -%}
    row_number() over ()
{%- endmacro %}

{% macro postgres__row_number_in_any_order(order_by) -%}
    row_number() over ()
{%- endmacro %}
