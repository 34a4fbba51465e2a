with

summary as (
    select * from {{ ref('int_lifetime_value__summary_statistics') }}
),

groups as (
    -- Customers of one fit window with the same (x, t_x, T) share every BG/NBD score: the fits and the
    -- scoring run on these groups, weighted by customer_count, so their cost does not grow with the
    -- customer count.
    select
        summary.fit_window,
        summary.repeat_purchases,
        summary.recency_days,
        summary.age_days,
        summary.recency,
        summary.age,
        count(*) as customer_count
    from summary
    group by
        summary.fit_window,
        summary.repeat_purchases,
        summary.recency_days,
        summary.age_days,
        summary.recency,
        summary.age
)

select * from groups
