{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_pos__transactions') }}
),

staged as (
    select
        transaction_id,
        loyalty_id,
        store_id,
        currency,
        total_amount,
        transacted_at
    from base
    where row_status = 'staged'
)

select * from staged
