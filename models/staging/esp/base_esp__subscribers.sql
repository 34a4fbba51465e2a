{#- A view in the raw landing schema: every raw row parsed, no copy of the export is stored. -#}
{{ config(materialized='view', schema='raw') }}

{%- set checks = [
    {'failed': 'subscriber_id is null', 'reason': 'missing_key', 'column': 'subscriber_id'},
    {'failed': 'email is null', 'reason': 'missing_identifier', 'column': 'email'},
    {'failed': 'subscriber_status is null', 'reason': 'unknown_code', 'column': 'status'},
    {'failed': 'subscribed_at is null', 'reason': 'invalid_timestamp', 'column': 'subscribed_at'},
] -%}

with

source as (
    select * from {{ firstparty.raw_source('esp', 'subscribers') }}
),

parsed as (
    select
        {{ firstparty.trimmed('subscriber_id') }} as subscriber_id,
        {{ firstparty.normalize_email('email') }} as email,
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
)

select * from classified
