{#- Every raw row parsed and classified once per build; erased and expired rows kept as stubs (governed_rows). -#}

{%- set checks = [
    {'failed': 'subscriber_id is null', 'reason': 'missing_key', 'column': 'subscriber_id'},
    {'failed': 'email is null', 'reason': 'missing_identifier', 'column': 'email'},
    {'failed': 'subscriber_status is null', 'reason': 'unknown_code', 'column': 'status'},
    {'failed': 'subscribed_at is null', 'reason': 'invalid_timestamp', 'column': 'subscribed_at'},
] + firstparty.timestamp_range_checks('subscribed_at') + [
] -%}

with

source as (
    select * from {{ firstparty.raw_source('esp', 'subscribers') }}
),

parsed as (
    select
        {{ firstparty.export_column('esp_subscribers', 'subscriber_id') }} as subscriber_id,
        {{ firstparty.export_column('esp_subscribers', 'email') }} as email,
        {{ firstparty.normalize_name('first_name') }} as first_name,
        lower({{ firstparty.trimmed('list_name') }}) as list_name,
        {{ firstparty.normalize_code('status', ['subscribed', 'unsubscribed', 'cleaned']) }} as subscriber_status,
        {{ firstparty.parse_timestamp_utc('subscribed_at') }} as subscribed_at,
        {{ firstparty.row_hash(['subscriber_id', 'email', 'first_name', 'list_name', 'status', 'subscribed_at']) }}
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
        {{ firstparty.row_status('subscriber_id', 'subscribed_at desc') }} as row_status
    from checked
),

governed as (
    {{ firstparty.governed_rows('esp_subscribers', 'classified') }}
)

select * from governed
