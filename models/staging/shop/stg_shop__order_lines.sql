{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_shop__order_lines') }}
),

staged as (
    select
        order_line_id,
        order_id,
        product_sku,
        product_category,
        quantity,
        unit_price
    from base
    where row_status = 'staged'
)

select * from staged
