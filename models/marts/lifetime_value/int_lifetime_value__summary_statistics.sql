with

purchases as (
    select * from {{ ref('int_customers__purchases') }}
),

settings as {{ firstparty.not_materialized() }} (
    select * from {{ ref('int_lifetime_value__settings') }}
),

fit_windows as (
    -- Two fits in one build, each on its own window: the calibration fit sees purchases up to the
    -- calibration end and is validated on the holdout after it (clv_holdout_validation); the
    -- observation fit sees every purchase up to the observation end and scores every customer.
    select
        'calibration' as fit_window,
        settings.calibration_end_date as window_end_date
    from settings
    union all
    select
        'observation' as fit_window,
        settings.observation_end_date as window_end_date
    from settings
),

purchase_days as (
    -- The BG/NBD counts purchase days, not orders: several purchases on one day are one event.
    select
        purchases.customer_id,
        purchases.purchase_date,
        sum(purchases.net_amount) as net_amount
    from purchases
    cross join settings
    where purchases.purchase_date <= settings.observation_end_date
    group by purchases.customer_id, purchases.purchase_date
),

first_purchases as (
    select
        purchase_days.customer_id,
        min(purchase_days.purchase_date) as first_purchase_date
    from purchase_days
    group by purchase_days.customer_id
),

classified_days as (
    -- A window summarises the customers acquired by its end; each of their purchase days is the
    -- first one, a repeat one inside the window, or one in the holdout after it (only the calibration
    -- window has a holdout: no purchase day is later than the observation end).
    select
        fit_windows.fit_window,
        fit_windows.window_end_date,
        purchase_days.customer_id,
        purchase_days.purchase_date,
        purchase_days.net_amount,
        first_purchases.first_purchase_date,
        purchase_days.purchase_date > first_purchases.first_purchase_date
        and purchase_days.purchase_date <= fit_windows.window_end_date as is_window_repeat,
        purchase_days.purchase_date > fit_windows.window_end_date as is_holdout
    from purchase_days
    inner join first_purchases
        on purchase_days.customer_id = first_purchases.customer_id
    inner join fit_windows
        on first_purchases.first_purchase_date <= fit_windows.window_end_date
),

per_customer as (
    select
        classified_days.fit_window,
        classified_days.window_end_date,
        classified_days.customer_id,
        min(classified_days.first_purchase_date) as first_purchase_date,
        max(case when not classified_days.is_holdout then classified_days.purchase_date end)
            as last_window_purchase_date,
        count(case when classified_days.is_window_repeat then 1 end) as repeat_purchases,
        avg(case when classified_days.is_window_repeat then classified_days.net_amount end)
            as average_repeat_value,
        count(case when classified_days.is_holdout then 1 end) as holdout_purchases,
        coalesce(sum(case when classified_days.is_holdout then classified_days.net_amount end), 0)
            as holdout_net_amount
    from classified_days
    group by
        classified_days.fit_window,
        classified_days.window_end_date,
        classified_days.customer_id
),

elapsed_days as (
    select
        per_customer.*,
        {{ dbt.datediff(
            'per_customer.first_purchase_date',
            'per_customer.last_window_purchase_date',
            'day'
        ) }} as recency_days,
        {{ dbt.datediff(
            'per_customer.first_purchase_date',
            'per_customer.window_end_date',
            'day'
        ) }} as age_days,
        settings.days_per_time_unit,
        settings.time_unit
    from per_customer
    cross join settings
),

summary as (
    select
        cast(elapsed_days.fit_window as {{ dbt.type_string() }}) as fit_window,
        elapsed_days.window_end_date,
        elapsed_days.customer_id,
        elapsed_days.first_purchase_date,
        elapsed_days.last_window_purchase_date,
        cast(elapsed_days.repeat_purchases as {{ dbt.type_int() }}) as repeat_purchases,
        cast(elapsed_days.recency_days as {{ dbt.type_int() }}) as recency_days,
        cast(elapsed_days.age_days as {{ dbt.type_int() }}) as age_days,
        cast(elapsed_days.recency_days as {{ type_double() }}) / elapsed_days.days_per_time_unit as recency,
        cast(elapsed_days.age_days as {{ type_double() }}) / elapsed_days.days_per_time_unit as age,
        cast(round(elapsed_days.average_repeat_value, 2) as decimal(18, 2)) as average_repeat_value,
        cast(elapsed_days.holdout_purchases as {{ dbt.type_int() }}) as holdout_purchases,
        cast(elapsed_days.holdout_net_amount as decimal(18, 2)) as holdout_net_amount,
        elapsed_days.time_unit
    from elapsed_days
)

select * from summary
