with

clicks as {{ firstparty.not_materialized() }} (
    select * from {{ ref('stg_ads__clicks') }}
),

conversions as (
    select * from {{ ref('stg_ads__conversions') }}
),

record_map as (
    select * from {{ ref('customer_record_map') }}
),

profile_records as (
    select * from {{ ref('int_customers__profile_records') }}
),

fx_rates as {{ firstparty.not_materialized() }} (
    select * from {{ ref('ref_fx_rates') }}
),

exchange_rates as (
    select
        fx_rates.currency_code,
        fx_rates.rate_to_base / reporting.rate_to_base as rate_to_reporting_currency
    from fx_rates
    cross join fx_rates as reporting
    where reporting.currency_code = '{{ var("reporting_currency") }}'
),

identified_customers as (
    select distinct customer_id
    from profile_records
),

click_spend as (
    select
        clicks.ad_platform,
        count(*) as click_count,
        sum(clicks.cost_amount * exchange_rates.rate_to_reporting_currency) as spend_amount,
        sum(clicks.cost_amount * exchange_rates.rate_to_reporting_currency) filter (
            where clicks.used_third_party_cookies
        ) as third_party_spend_amount
    from clicks
    left join exchange_rates
        on clicks.currency = exchange_rates.currency_code
    group by 1
),

conversion_matches as (
    select
        coalesce(clicks.ad_platform, 'unknown') as ad_platform,
        conversions.conversion_id,
        conversions.used_third_party_cookies,
        conversions.conversion_value * exchange_rates.rate_to_reporting_currency as conversion_value,
        identified_customers.customer_id is not null as is_first_party_matched
    from conversions
    left join clicks
        on conversions.click_id = clicks.click_id
    left join exchange_rates
        on conversions.currency = exchange_rates.currency_code
    left join record_map
        on
            record_map.source_name = 'ads_conversions'
            and conversions.conversion_id = record_map.source_record_id
    left join identified_customers
        on record_map.customer_id = identified_customers.customer_id
),

conversion_totals as (
    select
        ad_platform,
        count(*) as conversion_count,
        sum(conversion_value) as conversion_value,
        count(*) filter (where used_third_party_cookies) as third_party_conversion_count,
        count(*) filter (where is_first_party_matched) as first_party_matched_conversion_count,
        count(*) filter (where used_third_party_cookies and not is_first_party_matched) as gap_conversion_count,
        sum(conversion_value) filter (
            where used_third_party_cookies and not is_first_party_matched
        ) as gap_conversion_value
    from conversion_matches
    group by 1
),

dependency as (
    select
        coalesce(click_spend.ad_platform, conversion_totals.ad_platform) as ad_platform,
        coalesce(click_spend.click_count, 0) as click_count,
        coalesce(conversion_totals.conversion_count, 0) as conversion_count,
        coalesce(conversion_totals.third_party_conversion_count, 0) as third_party_conversion_count,
        coalesce(conversion_totals.first_party_matched_conversion_count, 0) as first_party_matched_conversion_count,
        coalesce(conversion_totals.gap_conversion_count, 0) as gap_conversion_count,
        cast(coalesce(click_spend.spend_amount, 0) as decimal(18, 2)) as spend_amount,
        cast(coalesce(click_spend.third_party_spend_amount, 0) as decimal(18, 2)) as third_party_spend_amount,
        cast(coalesce(conversion_totals.conversion_value, 0) as decimal(18, 2)) as conversion_value,
        cast(coalesce(conversion_totals.gap_conversion_value, 0) as decimal(18, 2)) as gap_conversion_value,
        '{{ var("reporting_currency") }}' as reporting_currency,
        cast(coalesce(conversion_totals.gap_conversion_count, 0) as {{ type_double() }})
        / nullif(conversion_totals.conversion_count, 0) as gap_conversion_share
    from click_spend
    full outer join conversion_totals
        on click_spend.ad_platform = conversion_totals.ad_platform
)

select * from dependency
