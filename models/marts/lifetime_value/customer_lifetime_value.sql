with

record_map as (
    select * from {{ ref('customer_record_map') }}
),

settings as {{ firstparty.not_materialized() }} (
    select * from {{ ref('int_lifetime_value__settings') }}
),

summary as (
    select * from {{ ref('int_lifetime_value__summary_statistics') }}
),

group_scores as (
    select * from {{ ref('int_lifetime_value__group_scores') }}
),

horizon_scores as (
    select * from {{ ref('int_lifetime_value__group_horizon_scores') }}
),

model_fit as (
    select * from {{ ref('clv_model_fit') }}
),

customers as (
    select distinct record_map.customer_id
    from record_map
),

observed as (
    -- Every customer with a purchase up to the observation end, summarised as of it (the observation
    -- window): the published scores are fitted on and scored from these, whenever the customer was
    -- acquired. The calibration window only serves clv_holdout_validation.
    select summary.*
    from summary
    where summary.fit_window = 'observation'
),

observed_scores as (
    select group_scores.*
    from group_scores
    where group_scores.fit_window = 'observation'
),

spend_parameters as (
    -- One row: the Gamma-Gamma estimates of the observation fit, the one clv_model_fit publishes (null
    -- without any, and then spend and CLV are null). As for the BG/NBD scores, the estimates are used
    -- even if the fit did not pass every convergence check; clv_model_fit.is_converged says so and a
    -- data test reports it.
    select
        max(case when model_fit.parameter_name = 'p' then model_fit.estimate end) as p,
        max(case when model_fit.parameter_name = 'q' then model_fit.estimate end) as q,
        max(case when model_fit.parameter_name = 'gamma' then model_fit.estimate end) as gamma
    from model_fit
    where model_fit.model_name = 'gamma_gamma'
),

horizon_scores_at_clv_horizon as (
    select horizon_scores.*
    from horizon_scores
    cross join settings
    where horizon_scores.horizon_periods = settings.clv_horizon
),

scored_customers as (
    select
        observed.customer_id,
        observed.repeat_purchases,
        observed.recency,
        observed.age,
        observed.average_repeat_value,
        observed_scores.p_alive,
        horizon_scores_at_clv_horizon.expected_purchases,
        horizon_scores_at_clv_horizon.discounted_expected_purchases,
        -- Gamma-Gamma E[M | m_x, x] = p (gamma + m_x x) / (p x + q - 1); a one-time buyer (x = 0) gets
        -- the population mean p gamma / (q - 1). An average of 0 (repeat days all refunded) enters as 0.
        -- Undefined (null) when q <= 1, where the population mean spend is infinite.
        case
            when spend_parameters.q <= 1 then null
            when observed.repeat_purchases = 0
                then spend_parameters.p * spend_parameters.gamma / (spend_parameters.q - 1)
            else
                spend_parameters.p
                * (spend_parameters.gamma + greatest(observed.average_repeat_value, 0) * observed.repeat_purchases)
                / (spend_parameters.p * observed.repeat_purchases + spend_parameters.q - 1)
        end as expected_average_spend
    from observed
    inner join observed_scores
        on
            observed.repeat_purchases = observed_scores.repeat_purchases
            and observed.recency_days = observed_scores.recency_days
            and observed.age_days = observed_scores.age_days
    inner join horizon_scores_at_clv_horizon
        on
            observed.repeat_purchases = horizon_scores_at_clv_horizon.repeat_purchases
            and observed.recency_days = horizon_scores_at_clv_horizon.recency_days
            and observed.age_days = horizon_scores_at_clv_horizon.age_days
    cross join spend_parameters
),

lifetime_value as (
    select
        customers.customer_id,
        case
            when scored_customers.repeat_purchases > 0 then 'repeat_buyer'
            when scored_customers.customer_id is not null then 'one_time_buyer'
            else 'no_purchases'
        end as clv_status,
        scored_customers.repeat_purchases,
        scored_customers.recency,
        scored_customers.age,
        scored_customers.average_repeat_value,
        scored_customers.p_alive,
        scored_customers.expected_purchases,
        scored_customers.expected_average_spend,
        settings.margin
        * scored_customers.expected_average_spend
        * scored_customers.discounted_expected_purchases as discounted_clv,
        settings.margin
        * scored_customers.expected_average_spend
        * scored_customers.expected_purchases as undiscounted_clv,
        settings.clv_horizon,
        settings.time_unit,
        settings.annual_discount_rate,
        settings.margin,
        settings.reporting_currency,
        settings.observation_end_date as as_of_date
    from customers
    left join scored_customers
        on customers.customer_id = scored_customers.customer_id
    cross join settings
)

select * from lifetime_value
