with

base as (
    select * from {{ ref('base_shop__orders') }}
),

governed as (
    -- staged rows, flagged when they carry an erased identifier or are past their retention window
    select
        base.*,
        {{ firstparty.is_erased('shop_orders', 'base') }} as is_erased,
        {{ firstparty.is_expired('shop_orders', 'base') }} as is_expired
    from base
    where base.row_status = 'staged'
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
    from governed
    where not is_erased and not is_expired
)

select * from staged
