{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_shop__customers') }}
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
    from base
    where row_status = 'staged'
)

select * from staged
