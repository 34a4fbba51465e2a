with

summary as (
    select * from {{ ref('int_lifetime_value__summary_statistics') }}
),

horizon_scores as (
    select * from {{ ref('int_lifetime_value__group_horizon_scores') }}
),

settings as (
    select * from {{ ref('int_lifetime_value__settings') }}
),

expected_purchases as (
    -- One row per customer with a purchase up to the observation end and horizon (clv_horizons and
    -- clv_horizon), from the observation window's statistics and fit.
    select
        summary.customer_id,
        cast(horizon_scores.horizon_periods as {{ dbt.type_int() }}) as horizon_periods,
        settings.time_unit,
        cast(horizon_scores.expected_purchases as {{ type_double() }}) as expected_purchases,
        settings.observation_end_date as as_of_date
    from summary
    inner join horizon_scores
        on
            summary.repeat_purchases = horizon_scores.repeat_purchases
            and summary.recency_days = horizon_scores.recency_days
            and summary.age_days = horizon_scores.age_days
    cross join settings
    where summary.fit_window = 'observation'
)

select * from expected_purchases
