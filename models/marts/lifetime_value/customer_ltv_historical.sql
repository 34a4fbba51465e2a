with

record_map as (
    select * from {{ ref('customer_record_map') }}
),

purchases as (
    select * from {{ ref('int_customers__purchases') }}
),

settings as {{ firstparty.not_materialized() }} (
    select * from {{ ref('int_lifetime_value__settings') }}
),

customers as (
    select distinct record_map.customer_id
    from record_map
),

purchases_to_date as (
    select purchases.*
    from purchases
    cross join settings
    where purchases.purchase_date <= settings.observation_end_date
),

purchase_totals as (
    select
        purchases_to_date.customer_id,
        count(*) as order_count,
        count(case when purchases_to_date.purchase_channel = 'shop' then 1 end) as shop_order_count,
        count(case when purchases_to_date.purchase_channel = 'store' then 1 end) as store_transaction_count,
        sum(purchases_to_date.gross_amount) as gross_revenue,
        sum(purchases_to_date.refunded_amount) as refunded_amount,
        sum(purchases_to_date.net_amount) as net_revenue,
        min(purchases_to_date.purchase_date) as first_order_date,
        max(purchases_to_date.purchase_date) as last_order_date
    from purchases_to_date
    group by purchases_to_date.customer_id
),

historical_value as (
    -- Every customer gets a row: one with no purchase yet has zero counts and amounts, null dates.
    select
        customers.customer_id,
        cast(coalesce(purchase_totals.order_count, 0) as {{ dbt.type_int() }}) as order_count,
        cast(coalesce(purchase_totals.shop_order_count, 0) as {{ dbt.type_int() }}) as shop_order_count,
        cast(coalesce(purchase_totals.store_transaction_count, 0) as {{ dbt.type_int() }}) as store_transaction_count,
        settings.reporting_currency,
        cast(round(coalesce(purchase_totals.gross_revenue, 0), 2) as decimal(18, 2)) as gross_revenue,
        cast(round(coalesce(purchase_totals.refunded_amount, 0), 2) as decimal(18, 2)) as refunded_amount,
        -- Rounded from the rounded gross and refunds, so net = gross - refunds holds to the cent.
        cast(
            round(coalesce(purchase_totals.gross_revenue, 0), 2)
            - round(coalesce(purchase_totals.refunded_amount, 0), 2)
            as decimal(18, 2)
        ) as net_revenue,
        cast(round(purchase_totals.net_revenue / purchase_totals.order_count, 2) as decimal(18, 2))
            as average_order_value,
        purchase_totals.first_order_date,
        purchase_totals.last_order_date,
        cast(
            {{ dbt.datediff(
                'purchase_totals.first_order_date',
                'settings.observation_end_date',
                'day'
            ) }} as {{ dbt.type_int() }}
        ) as tenure_days,
        cast(
            {{ dbt.datediff(
                'purchase_totals.last_order_date',
                'settings.observation_end_date',
                'day'
            ) }} as {{ dbt.type_int() }}
        ) as days_since_last_order,
        settings.observation_end_date as as_of_date
    from customers
    left join purchase_totals
        on customers.customer_id = purchase_totals.customer_id
    cross join settings
)

select * from historical_value
