{#- Calibration repeat counts at or above this share one bucket ("7+"), as in Fader, Hardie & Lee (2005). -#}
{%- set open_bucket = 7 -%}

with

summary as (
    select * from {{ ref('int_lifetime_value__summary_statistics') }}
),

group_scores as (
    select * from {{ ref('int_lifetime_value__group_scores') }}
),

settings as (
    select * from {{ ref('int_lifetime_value__settings') }}
),

customer_predictions as (
    -- The calibration window's customers, scored with the calibration fit: a fit that has not seen
    -- the holdout it predicts.
    select
        summary.customer_id,
        least(summary.repeat_purchases, {{ open_bucket }}) as bucket_repeat_purchases,
        group_scores.expected_holdout_purchases as predicted_purchases,
        summary.holdout_purchases as actual_purchases
    from summary
    inner join group_scores
        on
            summary.fit_window = group_scores.fit_window
            and summary.repeat_purchases = group_scores.repeat_purchases
            and summary.recency_days = group_scores.recency_days
            and summary.age_days = group_scores.age_days
    where summary.fit_window = 'calibration'
),

by_repeat_purchases as (
    select
        cast(customer_predictions.bucket_repeat_purchases as {{ dbt.type_string() }})
        || case when customer_predictions.bucket_repeat_purchases = {{ open_bucket }} then '+' else '' end
            as repeat_purchase_bucket,
        customer_predictions.bucket_repeat_purchases as min_repeat_purchases,
        count(*) as customer_count,
        sum(customer_predictions.predicted_purchases) as predicted_purchases,
        sum(customer_predictions.actual_purchases) as actual_purchases,
        avg(abs(customer_predictions.predicted_purchases - customer_predictions.actual_purchases))
            as mean_absolute_error,
        -- Pearson correlation, defined only when both sides vary (engines differ on what corr() returns else).
        case
            when
                stddev_pop(customer_predictions.predicted_purchases) > 0
                and stddev_pop(customer_predictions.actual_purchases) > 0
                then corr(customer_predictions.predicted_purchases, customer_predictions.actual_purchases)
        end as pearson_correlation
    from customer_predictions
    group by customer_predictions.bucket_repeat_purchases
),

overall as (
    select
        'all' as repeat_purchase_bucket,
        cast(null as {{ dbt.type_int() }}) as min_repeat_purchases,
        count(*) as customer_count,
        sum(customer_predictions.predicted_purchases) as predicted_purchases,
        sum(customer_predictions.actual_purchases) as actual_purchases,
        avg(abs(customer_predictions.predicted_purchases - customer_predictions.actual_purchases))
            as mean_absolute_error,
        -- Pearson correlation, defined only when both sides vary (engines differ on what corr() returns else).
        case
            when
                stddev_pop(customer_predictions.predicted_purchases) > 0
                and stddev_pop(customer_predictions.actual_purchases) > 0
                then corr(customer_predictions.predicted_purchases, customer_predictions.actual_purchases)
        end as pearson_correlation
    from customer_predictions
),

buckets as (
    select * from by_repeat_purchases
    union all
    select * from overall
),

validation as (
    select
        cast(buckets.repeat_purchase_bucket as {{ dbt.type_string() }}) as repeat_purchase_bucket,
        cast(buckets.min_repeat_purchases as {{ dbt.type_int() }}) as min_repeat_purchases,
        cast(buckets.customer_count as {{ dbt.type_bigint() }}) as customer_count,
        cast(coalesce(buckets.predicted_purchases, 0) as {{ type_double() }}) as predicted_purchases,
        cast(coalesce(buckets.actual_purchases, 0) as {{ dbt.type_bigint() }}) as actual_purchases,
        cast(buckets.predicted_purchases as {{ type_double() }})
        / nullif(buckets.customer_count, 0) as mean_predicted_purchases,
        cast(buckets.actual_purchases as {{ type_double() }})
        / nullif(buckets.customer_count, 0) as mean_actual_purchases,
        cast(buckets.mean_absolute_error as {{ type_double() }}) as mean_absolute_error,
        cast(buckets.pearson_correlation as {{ type_double() }}) as pearson_correlation,
        settings.calibration_end_date,
        settings.observation_end_date as holdout_end_date,
        settings.holdout_length,
        settings.time_unit
    from buckets
    cross join settings
)

select * from validation
