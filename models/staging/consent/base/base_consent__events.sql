{#- Every raw row parsed and classified once per build; erased and expired rows kept as stubs (governed_rows). -#}

{%- set checks = [
    {'failed': 'consent_event_id is null', 'reason': 'missing_key', 'column': 'consent_event_id'},
    {'failed': 'subject_type is null', 'reason': 'unknown_code', 'column': 'subject_type'},
    {'failed': 'subject_value is null', 'reason': 'missing_identifier', 'column': 'subject_value'},
    {'failed': 'purpose is null', 'reason': 'unknown_code', 'column': 'purpose'},
    {'failed': 'channel is null', 'reason': 'unknown_code', 'column': 'channel'},
    {'failed': 'decision is null', 'reason': 'unknown_code', 'column': 'decision'},
    {'failed': 'decided_at is null', 'reason': 'invalid_timestamp', 'column': 'decided_at'},
] + firstparty.timestamp_range_checks('decided_at') + [
    {'failed': 'recorded_at is null', 'reason': 'invalid_timestamp', 'column': 'recorded_at'},
] + firstparty.timestamp_range_checks('recorded_at') + [
] -%}

with

source as (
    select * from {{ firstparty.raw_source('consent', 'events') }}
),

parsed as (
    select
        {{ firstparty.export_column('consent_events', 'consent_event_id') }} as consent_event_id,
        {{ firstparty.export_column('consent_events', 'subject_type') }} as subject_type,
        {# The subject's identifier, normalised the same way as the channel that holds it. #}
        {{ firstparty.export_column('consent_events', 'subject_value') }} as subject_value,
        {{ firstparty.normalize_code('purpose', [
            'email_marketing', 'sms_marketing', 'personalisation', 'analytics',
            'targeted_advertising', 'partner_sharing',
        ]) }} as purpose,
        {{ firstparty.normalize_code('channel', ['email', 'sms', 'web', 'ads', 'partner']) }} as channel,
        {{ firstparty.normalize_code('decision', ['grant', 'withdraw']) }} as decision,
        lower({{ firstparty.trimmed('collection_point') }}) as collection_point,
        {{ firstparty.parse_timestamp_utc('decided_at') }} as decided_at,
        {{ firstparty.parse_timestamp_utc('recorded_at') }} as recorded_at,
        {{ firstparty.row_hash([
            'consent_event_id', 'subject_type', 'subject_value', 'purpose', 'channel', 'decision',
            'collection_point', 'decided_at', 'recorded_at',
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
        {{ firstparty.row_status('consent_event_id', 'recorded_at desc') }} as row_status
    from checked
),

governed as (
    {{ firstparty.governed_rows('consent_events', 'classified') }}
)

select * from governed
