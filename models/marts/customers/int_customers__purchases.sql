with

record_map as (
    select * from {{ ref('customer_record_map') }}
),

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

refunds as (
    select * from {{ ref('stg_shop__refunds') }}
),

store_transactions as (
    select * from {{ ref('stg_pos__transactions') }}
),

fx_rates as (
    select * from {{ ref('ref_fx_rates') }}
),

exchange_rates as (
    select
        fx_rates.currency_code,
        fx_rates.rate_to_base / reporting.rate_to_base as rate_to_reporting_currency
    from fx_rates
    cross join fx_rates as reporting
    where reporting.currency_code = '{{ var("reporting_currency") }}'
),

refunds_per_order as (
    select
        refunds.order_id,
        sum(refunds.refund_amount * exchange_rates.rate_to_reporting_currency) as refunded_amount
    from refunds
    left join exchange_rates
        on refunds.currency = exchange_rates.currency_code
    group by 1
),

shop_purchases as (
    select
        'shop_orders' as source_name,
        orders.order_id as source_record_id,
        'shop' as purchase_channel,
        orders.total_amount * exchange_rates.rate_to_reporting_currency as gross_amount,
        coalesce(refunds_per_order.refunded_amount, 0) as refunded_amount,
        orders.ordered_at as purchased_at
    from orders
    left join exchange_rates
        on orders.currency = exchange_rates.currency_code
    left join refunds_per_order
        on orders.order_id = refunds_per_order.order_id
    where orders.order_status != 'cancelled'
),

store_purchases as (
    select
        'pos_transactions' as source_name,
        store_transactions.transaction_id as source_record_id,
        'store' as purchase_channel,
        store_transactions.total_amount * exchange_rates.rate_to_reporting_currency as gross_amount,
        0 as refunded_amount,
        store_transactions.transacted_at as purchased_at
    from store_transactions
    left join exchange_rates
        on store_transactions.currency = exchange_rates.currency_code
),

purchases as (
    select * from shop_purchases
    union all
    select * from store_purchases
),

customer_purchases as (
    select
        record_map.customer_id,
        purchases.source_name,
        purchases.source_record_id,
        purchases.purchase_channel,
        purchases.gross_amount,
        purchases.refunded_amount,
        purchases.gross_amount - purchases.refunded_amount as net_amount,
        purchases.purchased_at
    from purchases
    inner join record_map
        on
            purchases.source_name = record_map.source_name
            and purchases.source_record_id = record_map.source_record_id
)

select * from customer_purchases
