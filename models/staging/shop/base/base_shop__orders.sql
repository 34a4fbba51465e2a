{#- Every raw row parsed and classified once per build; erased and expired rows kept as stubs (governed_rows). -#}

{%- set checks = [
    {'failed': 'order_id is null', 'reason': 'missing_key', 'column': 'order_id'},
    {'failed': 'ordered_at is null', 'reason': 'invalid_timestamp', 'column': 'ordered_at'},
] + firstparty.timestamp_range_checks('ordered_at') + firstparty.amount_checks('total_amount') + [
    {'failed': 'total_amount < 0', 'reason': 'negative_amount', 'column': 'total_amount'},
    {'failed': 'currency is null', 'reason': 'unknown_code', 'column': 'currency'},
    {'failed': 'order_status is null', 'reason': 'unknown_code', 'column': 'status'},
] -%}

with

source as (
    select * from {{ firstparty.raw_source('shop', 'orders') }}
),

parsed as (
    select
        {{ firstparty.export_column('shop_orders', 'order_id') }} as order_id,
        {{ firstparty.export_column('shop_orders', 'shop_customer_id') }} as shop_customer_id,
        {{ firstparty.export_column('shop_orders', 'checkout_email') }} as checkout_email,
        {{ firstparty.normalize_currency('currency') }} as currency,
        {{ firstparty.normalize_code('status', ['placed', 'shipped', 'delivered', 'cancelled']) }} as order_status,
        {{ firstparty.parse_decimal('total_amount') }} as total_amount,
        {{ firstparty.trimmed('total_amount') }} as total_amount_text,
        {{ firstparty.trimmed('checkout_email') }} as checkout_email_text,
        {{ firstparty.export_column('shop_orders', 'ordered_at') }} as ordered_at,
        {{ firstparty.row_hash([
            'order_id', 'shop_customer_id', 'checkout_email', 'currency', 'total_amount', 'status', 'ordered_at',
        ]) }} as raw_row_hash
    from source
),

checked as (
    select
        *,
        checkout_email_text is not null and checkout_email is null as has_invalid_checkout_email,
        {{ firstparty.quarantine_checks(checks) }}
    from parsed
),

classified as (
    select
        *,
        {{ firstparty.row_status('order_id', 'ordered_at desc') }} as row_status
    from checked
),

governed as (
    {{ firstparty.governed_rows('shop_orders', 'classified') }}
)

select * from governed
