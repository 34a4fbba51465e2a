with

base as (
    select * from {{ ref('base_ads__clicks') }}
),

governed as (
    -- staged rows, flagged when they carry an erased identifier or are past their retention window
    select
        base.*,
        {{ firstparty.is_erased('ads_clicks', 'base') }} as is_erased,
        {{ firstparty.is_expired('ads_clicks', 'base') }} as is_expired
    from base
    where base.row_status = 'staged'
),

staged as (
    select
        click_id,
        anonymous_id,
        campaign_id,
        ad_platform,
        currency,
        cost_amount,
        used_third_party_cookies,
        clicked_at
    from governed
    where not is_erased and not is_expired
)

select * from staged
