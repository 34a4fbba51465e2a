{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_shop__refunds') }}
),

staged as (
    select
        refund_id,
        order_id,
        refund_reason,
        currency,
        refund_amount,
        refunded_at
    from base
    where row_status = 'staged'
)

select * from staged
