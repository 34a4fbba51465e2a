{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_ads__conversions') }}
),

staged as (
    select
        conversion_id,
        click_id,
        hashed_email,
        currency,
        conversion_value,
        used_third_party_cookies,
        has_invalid_hashed_email,
        converted_at
    from base
    where row_status = 'staged'
)

select * from staged
