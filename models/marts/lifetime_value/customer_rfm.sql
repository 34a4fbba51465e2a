with

purchases as (
    select * from {{ ref('int_customers__purchases') }}
),

settings as {{ firstparty.not_materialized() }} (
    select * from {{ ref('int_lifetime_value__settings') }}
),

customer_totals as (
    select
        purchases.customer_id,
        max(purchases.purchase_date) as last_order_date,
        count(*) as order_count,
        sum(purchases.net_amount) as net_revenue
    from purchases
    cross join settings
    where purchases.purchase_date <= settings.observation_end_date
    group by purchases.customer_id
),

measures as (
    select
        customer_totals.customer_id,
        cast(
            {{ dbt.datediff(
                'customer_totals.last_order_date',
                'settings.observation_end_date',
                'day'
            ) }} as {{ dbt.type_int() }}
        ) as recency_days,
        cast(customer_totals.order_count as {{ dbt.type_int() }}) as order_count,
        cast(round(customer_totals.net_revenue, 2) as decimal(18, 2)) as net_revenue,
        settings.reporting_currency,
        settings.observation_end_date as as_of_date
    from customer_totals
    cross join settings
),

scores as (
    -- Quintile scores 1-5 (5 best) from the percent rank among customers with a purchase: 1 + floor(5 *
    -- percent_rank), capped at 5. Ties share the lower score, so the lowest value always scores 1.
    select
        measures.*,
        cast(least(5, 1 + floor(5 * percent_rank() over (order by measures.recency_days desc))) as {{ dbt.type_int() }})
            as recency_score,
        cast(least(5, 1 + floor(5 * percent_rank() over (order by measures.order_count))) as {{ dbt.type_int() }})
            as frequency_score,
        cast(least(5, 1 + floor(5 * percent_rank() over (order by measures.net_revenue))) as {{ dbt.type_int() }})
            as monetary_score
    from measures
),

segments as (
    -- Named segments from the recency and frequency scores (the grid in the lifetime_value docs).
    select
        scores.customer_id,
        scores.recency_days,
        scores.order_count,
        scores.reporting_currency,
        scores.net_revenue,
        scores.recency_score,
        scores.frequency_score,
        scores.monetary_score,
        cast(scores.recency_score as {{ dbt.type_string() }})
        || cast(scores.frequency_score as {{ dbt.type_string() }})
        || cast(scores.monetary_score as {{ dbt.type_string() }}) as rfm_score,
        case
            when scores.recency_score >= 4 and scores.frequency_score >= 4 then 'champions'
            when scores.recency_score = 3 and scores.frequency_score >= 4 then 'loyal_customers'
            when scores.recency_score >= 4 and scores.frequency_score >= 2 then 'potential_loyalists'
            when scores.recency_score = 5 then 'new_customers'
            when scores.recency_score = 4 then 'promising'
            when scores.recency_score = 3 and scores.frequency_score = 3 then 'need_attention'
            when scores.recency_score = 3 then 'about_to_sleep'
            when scores.recency_score = 1 and scores.frequency_score >= 4 then 'cant_lose_them'
            when scores.frequency_score >= 3 then 'at_risk'
            when scores.recency_score = 1 and scores.frequency_score = 1 then 'lost'
            else 'hibernating'
        end as rfm_segment,
        scores.as_of_date
    from scores
)

select * from segments
