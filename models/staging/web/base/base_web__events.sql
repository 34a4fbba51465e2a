{#- Every raw row parsed and classified once per build; erased and expired rows kept as stubs (governed_rows). -#}

{%- set checks = [
    {'failed': 'web_event_id is null', 'reason': 'missing_key', 'column': 'event_id'},
    {'failed': 'anonymous_id is null and user_id is null', 'reason': 'missing_identifier', 'column': 'anonymous_id'},
    {'failed': 'event_type is null', 'reason': 'unknown_code', 'column': 'event_type'},
    {'failed': 'occurred_at is null', 'reason': 'invalid_timestamp', 'column': 'occurred_at'},
] + firstparty.timestamp_range_checks('occurred_at') + [
] -%}

with

source as (
    select * from {{ firstparty.raw_source('web', 'events') }}
),

parsed as (
    select
        {{ firstparty.export_column('web_events', 'web_event_id') }} as web_event_id,
        {{ firstparty.export_column('web_events', 'anonymous_id') }} as anonymous_id,
        {{ firstparty.export_column('web_events', 'user_id') }} as user_id,
        {{ firstparty.trimmed('session_id') }} as session_id,
        {{ firstparty.export_column('web_events', 'event_type') }} as event_type,
        {{ firstparty.trimmed('page_path') }} as page_path,
        lower({{ firstparty.trimmed('utm_source') }}) as utm_source,
        lower({{ firstparty.trimmed('utm_medium') }}) as utm_medium,
        lower({{ firstparty.trimmed('utm_campaign') }}) as utm_campaign,
        {{ firstparty.export_column('web_events', 'email_subscriber_id') }} as email_subscriber_id,
        lower({{ firstparty.trimmed('device_type') }}) as device_type,
        {{ firstparty.parse_boolean('gpc_enabled') }} as gpc_signal,
        {{ firstparty.trimmed('gpc_enabled') }} as gpc_enabled_text,
        {{ firstparty.export_column('web_events', 'occurred_at') }} as occurred_at,
        {{ firstparty.row_hash([
            'event_id', 'anonymous_id', 'user_id', 'session_id', 'event_type', 'page_path', 'utm_source',
            'utm_medium', 'utm_campaign', 'email_subscriber_id', 'device_type', 'gpc_enabled', 'occurred_at',
        ]) }} as raw_row_hash
    from source
),

checked as (
    select
        *,
        coalesce(gpc_signal, false) as is_gpc_enabled,
        gpc_enabled_text is not null and gpc_signal is null as has_invalid_gpc_flag,
        {{ firstparty.quarantine_checks(checks) }}
    from parsed
),

classified as (
    select
        *,
        {{ firstparty.row_status('web_event_id', 'occurred_at desc') }} as row_status
    from checked
),

governed as (
    {{ firstparty.governed_rows('web_events', 'classified') }}
)

select * from governed
