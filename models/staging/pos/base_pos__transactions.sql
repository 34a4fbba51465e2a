{#- A view in the raw landing schema: every raw row parsed, no copy of the export is stored. -#}
{{ config(materialized='view', schema='raw') }}

{%- set checks = [
    {'failed': 'transaction_id is null', 'reason': 'missing_key', 'column': 'transaction_id'},
    {'failed': 'transacted_at is null', 'reason': 'invalid_timestamp', 'column': 'transacted_at'},
    {'failed': 'total_amount is null', 'reason': 'invalid_amount', 'column': 'total_amount'},
    {'failed': 'total_amount < 0', 'reason': 'negative_amount', 'column': 'total_amount'},
    {'failed': 'currency is null', 'reason': 'unknown_code', 'column': 'currency'},
] -%}

with

source as (
    select * from {{ firstparty.raw_source('pos', 'transactions') }}
),

parsed as (
    select
        {{ firstparty.trimmed('transaction_id') }} as transaction_id,
        {{ firstparty.trimmed('loyalty_id') }} as loyalty_id,
        {{ firstparty.trimmed('store_id') }} as store_id,
        {{ firstparty.normalize_currency('currency') }} as currency,
        {{ firstparty.parse_decimal('total_amount') }} as total_amount,
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
)

select * from classified
