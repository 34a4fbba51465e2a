with

summary as (
    select * from {{ ref('int_lifetime_value__summary_statistics') }}
),

groups as (
    -- The Gamma-Gamma spend model is fitted, per fit window, on repeat buyers whose repeat purchase
    -- days averaged a positive net value (the model has no mass at zero: days entirely refunded can
    -- average to 0).
    select
        summary.fit_window,
        summary.repeat_purchases,
        summary.average_repeat_value,
        count(*) as customer_count
    from summary
    where
        summary.repeat_purchases > 0
        and summary.average_repeat_value > 0
    group by
        summary.fit_window,
        summary.repeat_purchases,
        summary.average_repeat_value
)

select * from groups
