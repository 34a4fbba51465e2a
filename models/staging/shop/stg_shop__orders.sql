{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_shop__orders') }}
),

staged as (
    select
        order_id,
        shop_customer_id,
        checkout_email,
        currency,
        order_status,
        total_amount,
        has_invalid_checkout_email,
        ordered_at
    from base
    where row_status = 'staged'
)

select * from staged
