with

base as (
    select * from {{ ref('base_shop__refunds') }}
),

governed as (
    -- staged rows, flagged when they carry an erased identifier or are past their retention window
    select
        base.*,
        {{ firstparty.is_erased('shop_refunds', 'base') }} as is_erased,
        {{ firstparty.is_expired('shop_refunds', 'base') }} as is_expired
    from base
    where base.row_status = 'staged'
),

staged as (
    select
        refund_id,
        order_id,
        refund_reason,
        currency,
        refund_amount,
        refunded_at
    from governed
    where not is_erased and not is_expired
)

select * from staged
