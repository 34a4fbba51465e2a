{#- Every raw row parsed and classified once per build; erased and expired rows kept as stubs (governed_rows). -#}

{%- set checks = [
    {'failed': 'refund_id is null', 'reason': 'missing_key', 'column': 'refund_id'},
    {'failed': 'order_id is null', 'reason': 'missing_reference', 'column': 'order_id'},
    {'failed': 'refunded_at is null', 'reason': 'invalid_timestamp', 'column': 'refunded_at'},
] + firstparty.timestamp_range_checks('refunded_at') + firstparty.amount_checks('refund_amount') + [
    {'failed': 'refund_amount < 0', 'reason': 'negative_amount', 'column': 'refund_amount'},
    {'failed': 'currency is null', 'reason': 'unknown_code', 'column': 'currency'},
] -%}

with

source as (
    select * from {{ firstparty.raw_source('shop', 'refunds') }}
),

parsed as (
    select
        {{ firstparty.export_column('shop_refunds', 'refund_id') }} as refund_id,
        {{ firstparty.export_column('shop_refunds', 'order_id') }} as order_id,
        {{ firstparty.trimmed('reason') }} as refund_reason,
        {{ firstparty.normalize_currency('currency') }} as currency,
        {{ firstparty.parse_decimal('refund_amount') }} as refund_amount,
        {{ firstparty.trimmed('refund_amount') }} as refund_amount_text,
        {{ firstparty.parse_timestamp_utc('refunded_at') }} as refunded_at,
        {{ firstparty.row_hash(['refund_id', 'order_id', 'currency', 'refund_amount', 'reason', 'refunded_at']) }}
            as raw_row_hash
    from source
),

checked as (
    select
        *,
        {{ firstparty.quarantine_checks(checks) }}
    from parsed
),

classified as (
    select
        *,
        {{ firstparty.row_status('refund_id', 'refunded_at desc') }} as row_status
    from checked
),

governed as (
    {{ firstparty.governed_rows('shop_refunds', 'classified') }}
)

select * from governed
