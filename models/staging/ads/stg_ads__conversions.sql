with

base as (
    select * from {{ ref('base_ads__conversions') }}
),

governed as (
    -- staged rows, flagged when they carry an erased identifier or are past their retention window
    select
        base.*,
        {{ firstparty.is_erased('ads_conversions', 'base') }} as is_erased,
        {{ firstparty.is_expired('ads_conversions', 'base') }} as is_expired
    from base
    where base.row_status = 'staged'
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
    from governed
    where not is_erased and not is_expired
)

select * from staged
