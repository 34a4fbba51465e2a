-- The one rule for what a purchase is and what it is worth, read by dim_customers, the journey and
-- every lifetime-value model: nothing else re-implements cancellation, refunds or FX conversion.
with

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

refunds as (
    select * from {{ ref('stg_shop__refunds') }}
),

store_transactions as (
    select * from {{ ref('stg_pos__transactions') }}
),

record_map as (
    select * from {{ ref('customer_record_map') }}
),

fx_rates as {{ firstparty.not_materialized() }} (
    select * from {{ ref('ref_fx_rates') }}
),

reporting_rates as (
    -- Multiplier from each currency to the reporting currency, through the seed's base currency, as a
    -- fixed-point decimal: amounts and their sums stay exact (summed doubles can round a half cent down).
    select
        fx_rates.currency_code,
        cast(fx_rates.rate_to_base / reporting.rate_to_base as decimal(18, 10)) as rate_to_reporting
    from fx_rates
    inner join fx_rates as reporting
        on reporting.currency_code = '{{ var("reporting_currency") }}'
),

refunds_per_order as (
    -- Left joins keep a refund whose currency has no rate: its null amount fails the not_null tests.
    select
        refunds.order_id,
        sum(refunds.refund_amount * reporting_rates.rate_to_reporting) as refunded_amount
    from refunds
    left join reporting_rates
        on refunds.currency = reporting_rates.currency_code
    group by refunds.order_id
),

shop_purchases as (
    -- A cancelled order is not a purchase; placed, shipped and delivered ones are. Every refund of
    -- the order is netted, whenever it was made, and nothing caps it at the order's total.
    select
        'shop_orders' as source_name,
        orders.order_id as source_record_id,
        'shop' as purchase_channel,
        orders.currency as original_currency,
        orders.total_amount as original_amount,
        orders.total_amount * reporting_rates.rate_to_reporting as gross_amount,
        coalesce(refunds_per_order.refunded_amount, 0) as refunded_amount,
        orders.ordered_at as purchased_at
    from orders
    left join reporting_rates
        on orders.currency = reporting_rates.currency_code
    left join refunds_per_order
        on orders.order_id = refunds_per_order.order_id
    where orders.order_status != 'cancelled'
),

store_purchases as (
    -- In-store transactions are purchases too; the point-of-sale export has no refunds.
    select
        'pos_transactions' as source_name,
        store_transactions.transaction_id as source_record_id,
        'store' as purchase_channel,
        store_transactions.currency as original_currency,
        store_transactions.total_amount as original_amount,
        store_transactions.total_amount * reporting_rates.rate_to_reporting as gross_amount,
        0 as refunded_amount,
        store_transactions.transacted_at as purchased_at
    from store_transactions
    left join reporting_rates
        on store_transactions.currency = reporting_rates.currency_code
),

purchases as (
    select * from shop_purchases
    union all
    select * from store_purchases
),

customer_purchases as (
    -- Purchases the identity map does not resolve to a customer (anonymous till sales) are left out.
    select
        record_map.customer_id,
        purchases.source_name,
        purchases.source_record_id,
        purchases.purchase_channel,
        purchases.original_currency,
        '{{ var("reporting_currency") }}' as reporting_currency,
        purchases.original_amount,
        cast(purchases.gross_amount as decimal(18, 6)) as gross_amount,
        cast(purchases.refunded_amount as decimal(18, 6)) as refunded_amount,
        cast(purchases.gross_amount - purchases.refunded_amount as decimal(18, 6)) as net_amount,
        cast(purchases.purchased_at as date) as purchase_date,
        purchases.purchased_at
    from purchases
    inner join record_map
        on
            purchases.source_name = record_map.source_name
            and purchases.source_record_id = record_map.source_record_id
)

select * from customer_purchases
