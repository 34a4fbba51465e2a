with

base as (
    select * from {{ ref('base_shop__order_lines') }}
),

governed as (
    -- staged rows, flagged when they carry an erased identifier or are past their retention window
    select
        base.*,
        {{ firstparty.is_erased('shop_order_lines', 'base') }} as is_erased,
        {{ firstparty.is_expired('shop_order_lines', 'base') }} as is_expired
    from base
    where base.row_status = 'staged'
),

staged as (
    select
        order_line_id,
        order_id,
        product_sku,
        product_category,
        quantity,
        unit_price
    from governed
    where not is_erased and not is_expired
)

select * from staged
