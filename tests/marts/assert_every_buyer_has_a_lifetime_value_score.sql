-- Every customer with a purchase up to the observation end is scored in customer_lifetime_value
-- (whenever acquired, also after the calibration end), and nobody without one is. Returns each
-- customer whose scores disagree with their purchase count in customer_ltv_historical.
with

historical as (
    select * from {{ ref('customer_ltv_historical') }}
),

lifetime_value as (
    select * from {{ ref('customer_lifetime_value') }}
),

mismatches as (
    select
        historical.customer_id,
        historical.order_count,
        lifetime_value.clv_status,
        lifetime_value.p_alive
    from historical
    left join lifetime_value
        on historical.customer_id = lifetime_value.customer_id
    where
        (historical.order_count > 0) != (lifetime_value.p_alive is not null)
        or lifetime_value.customer_id is null
)

select * from mismatches
