with

summary as (
    select * from {{ ref('clv_summary_statistics') }}
),

groups as (
    -- Customers with the same (x, t_x, T) share every BG/NBD score: the fit and the scoring run on
    -- these groups, weighted by customer_count, so their cost does not grow with the customer count.
    select
        summary.repeat_purchases,
        summary.recency_days,
        summary.age_days,
        summary.recency,
        summary.age,
        count(*) as customer_count
    from summary
    group by
        summary.repeat_purchases,
        summary.recency_days,
        summary.age_days,
        summary.recency,
        summary.age
)

select * from groups
