{#- Every raw row parsed and classified once per build; erased and expired rows kept as stubs (governed_rows). -#}

{%- set checks = [
    {'failed': 'transaction_id is null', 'reason': 'missing_key', 'column': 'transaction_id'},
    {'failed': 'transacted_at is null', 'reason': 'invalid_timestamp', 'column': 'transacted_at'},
] + firstparty.timestamp_range_checks('transacted_at') + firstparty.amount_checks('total_amount') + [
    {'failed': 'total_amount < 0', 'reason': 'negative_amount', 'column': 'total_amount'},
    {'failed': 'currency is null', 'reason': 'unknown_code', 'column': 'currency'},
] -%}

with

source as (
    select * from {{ firstparty.raw_source('pos', 'transactions') }}
),

parsed as (
    select
        {{ firstparty.export_column('pos_transactions', 'transaction_id') }} as transaction_id,
        {{ firstparty.export_column('pos_transactions', 'loyalty_id') }} as loyalty_id,
        {{ firstparty.trimmed('store_id') }} as store_id,
        {{ firstparty.normalize_currency('currency') }} as currency,
        {{ firstparty.parse_decimal('total_amount') }} as total_amount,
        {{ firstparty.trimmed('total_amount') }} as total_amount_text,
        {{ firstparty.parse_timestamp_utc('transacted_at') }} as transacted_at,
        {{ firstparty.row_hash([
            'transaction_id', 'loyalty_id', 'store_id', 'currency', 'total_amount', 'transacted_at',
        ]) }} as raw_row_hash
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
        {{ firstparty.row_status('transaction_id', 'transacted_at desc') }} as row_status
    from checked
),

governed as (
    {{ firstparty.governed_rows('pos_transactions', 'classified') }}
)

select * from governed
