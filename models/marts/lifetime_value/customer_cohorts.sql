{#- Longest cohort life reported, in months (50 years): bounds the generated month offsets. -#}
{%- set max_months = 600 -%}

with

purchases as (
    select * from {{ ref('int_customers__purchases') }}
),

settings as {{ firstparty.not_materialized() }} (
    select * from {{ ref('int_lifetime_value__settings') }}
),

month_offsets as (
    select cast(generated_number - 1 as {{ dbt.type_int() }}) as months_since_first_order
    from ({{ dbt.generate_series(max_months) }}) as series
),

customer_months as (
    select
        purchases.customer_id,
        cast({{ dbt.date_trunc('month', 'purchases.purchase_date') }} as date) as activity_month,
        sum(purchases.net_amount) as net_amount
    from purchases
    cross join settings
    where purchases.purchase_date <= settings.observation_end_date
    group by
        purchases.customer_id,
        cast({{ dbt.date_trunc('month', 'purchases.purchase_date') }} as date)
),

acquisitions as (
    -- A customer's cohort is the calendar month of their first purchase.
    select
        customer_months.customer_id,
        min(customer_months.activity_month) as cohort_month
    from customer_months
    group by customer_months.customer_id
),

cohort_sizes as (
    select
        acquisitions.cohort_month,
        count(*) as cohort_customer_count
    from acquisitions
    group by acquisitions.cohort_month
),

cohort_periods as (
    -- Every month from acquisition to the observation end's month, whether or not anyone bought.
    select
        cohort_sizes.cohort_month,
        cohort_sizes.cohort_customer_count,
        month_offsets.months_since_first_order,
        cast(
            {{ dbt.dateadd('month', 'month_offsets.months_since_first_order', 'cohort_sizes.cohort_month') }} as date
        ) as activity_month
    from cohort_sizes
    cross join month_offsets
    cross join settings
    where
        month_offsets.months_since_first_order
        <= {{ dbt.datediff('cohort_sizes.cohort_month', 'settings.observation_end_date', 'month') }}
),

cohort_activity as (
    select
        acquisitions.cohort_month,
        customer_months.activity_month,
        count(*) as active_customer_count,
        sum(customer_months.net_amount) as net_revenue
    from customer_months
    inner join acquisitions
        on customer_months.customer_id = acquisitions.customer_id
    group by
        acquisitions.cohort_month,
        customer_months.activity_month
),

cohort_retention as (
    select
        cohort_periods.cohort_month,
        cohort_periods.months_since_first_order,
        cohort_periods.activity_month,
        cast(cohort_periods.cohort_customer_count as {{ dbt.type_int() }}) as cohort_customer_count,
        cast(coalesce(cohort_activity.active_customer_count, 0) as {{ dbt.type_int() }}) as active_customer_count,
        cast(coalesce(cohort_activity.active_customer_count, 0) as {{ type_double() }})
        / cohort_periods.cohort_customer_count as retention_rate,
        settings.reporting_currency,
        cast(round(coalesce(cohort_activity.net_revenue, 0), 2) as decimal(18, 2)) as net_revenue,
        cast(round(sum(coalesce(cohort_activity.net_revenue, 0)) over (
            partition by cohort_periods.cohort_month
            order by cohort_periods.months_since_first_order
            rows between unbounded preceding and current row
        ), 2) as decimal(18, 2)) as cumulative_net_revenue,
        cast(sum(coalesce(cohort_activity.net_revenue, 0)) over (
            partition by cohort_periods.cohort_month
            order by cohort_periods.months_since_first_order
            rows between unbounded preceding and current row
        ) / cohort_periods.cohort_customer_count as {{ type_double() }}) as cumulative_net_revenue_per_customer,
        -- The observation end's month is partial unless the observation ends on its last day.
        cohort_periods.activity_month = cast({{ dbt.date_trunc('month', 'settings.observation_end_date') }} as date)
        and settings.observation_end_date < cast({{ dbt.last_day('settings.observation_end_date', 'month') }} as date)
            as is_partial_month
    from cohort_periods
    left join cohort_activity
        on
            cohort_periods.cohort_month = cohort_activity.cohort_month
            and cohort_periods.activity_month = cohort_activity.activity_month
    cross join settings
)

select * from cohort_retention
