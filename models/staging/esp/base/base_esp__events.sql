{#- Every raw row parsed and classified once per build; erased and expired rows kept as stubs (governed_rows). -#}

{%- set checks = [
    {'failed': 'email_event_id is null', 'reason': 'missing_key', 'column': 'event_id'},
    {'failed': 'subscriber_id is null and email is null', 'reason': 'missing_identifier', 'column': 'subscriber_id'},
    {'failed': 'event_type is null', 'reason': 'unknown_code', 'column': 'event_type'},
    {'failed': 'occurred_at is null', 'reason': 'invalid_timestamp', 'column': 'occurred_at'},
] + firstparty.timestamp_range_checks('occurred_at') + [
] -%}

with

source as (
    select * from {{ firstparty.raw_source('esp', 'events') }}
),

parsed as (
    select
        {{ firstparty.export_column('esp_events', 'email_event_id') }} as email_event_id,
        {{ firstparty.export_column('esp_events', 'subscriber_id') }} as subscriber_id,
        {{ firstparty.trimmed('campaign_id') }} as campaign_id,
        {{ firstparty.export_column('esp_events', 'email') }} as email,
        {{ firstparty.normalize_code('event_type', ['send', 'open', 'click', 'unsubscribe', 'bounce']) }}
            as event_type,
        {{ firstparty.parse_timestamp_utc('occurred_at') }} as occurred_at,
        {{ firstparty.row_hash(['event_id', 'subscriber_id', 'email', 'campaign_id', 'event_type', 'occurred_at']) }}
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
        {{ firstparty.row_status('email_event_id', 'occurred_at desc') }} as row_status
    from checked
),

governed as (
    {{ firstparty.governed_rows('esp_events', 'classified') }}
)

select * from governed
