with

base as (
    select * from {{ ref('base_shop__customers') }}
),

governed as (
    -- staged rows, flagged when they carry an erased identifier or are past their retention window
    select
        base.*,
        {{ firstparty.is_erased('shop_customers', 'base') }} as is_erased,
        {{ firstparty.is_expired('shop_customers', 'base') }} as is_expired
    from base
    where base.row_status = 'staged'
),

staged as (
    select
        shop_customer_id,
        email,
        phone,
        first_name,
        last_name,
        country_code,
        has_invalid_email,
        has_invalid_phone,
        has_invalid_country,
        created_at
    from governed
    where not is_erased and not is_expired
)

select * from staged
