{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_ads__clicks') }}
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
    from base
    where row_status = 'staged'
)

select * from staged
