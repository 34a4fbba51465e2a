{#- Every raw row parsed and classified once per build; erased and expired rows kept as stubs (governed_rows). -#}

{%- set checks = [
    {'failed': 'request_id is null', 'reason': 'missing_key', 'column': 'request_id'},
    {'failed': 'request_type is null', 'reason': 'unknown_code', 'column': 'request_type'},
    {'failed': 'subject_email is null and subject_phone is null', 'reason': 'missing_identifier', 'column': 'subject_email'},
    {'failed': 'jurisdiction is null', 'reason': 'unknown_code', 'column': 'jurisdiction'},
    {'failed': 'received_at is null', 'reason': 'invalid_timestamp', 'column': 'received_at'},
] + firstparty.timestamp_range_checks('received_at') + [
] -%}

with

source as (
    select * from {{ firstparty.raw_source('privacy', 'requests') }}
),

parsed as (
    select
        {{ firstparty.export_column('privacy_requests', 'request_id') }} as request_id,
        {{ firstparty.export_column('privacy_requests', 'request_type') }} as request_type,
        {{ firstparty.export_column('privacy_requests', 'subject_email') }} as subject_email,
        {{ firstparty.export_column('privacy_requests', 'subject_phone') }} as subject_phone,
        upper({{ firstparty.normalize_code('jurisdiction', ['gdpr', 'ccpa']) }}) as jurisdiction,
        {{ firstparty.parse_timestamp_utc('received_at') }} as received_at,
        {{ firstparty.row_hash([
            'request_id', 'request_type', 'subject_email', 'subject_phone', 'jurisdiction', 'received_at',
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
        {{ firstparty.row_status('request_id', 'received_at desc') }} as row_status
    from checked
),

governed as (
    {{ firstparty.governed_rows('privacy_requests', 'classified') }}
)

select * from governed
