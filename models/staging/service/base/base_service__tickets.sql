{#- Every raw row parsed and classified once per build; erased and expired rows kept as stubs (governed_rows). -#}

{%- set checks = [
    {'failed': 'ticket_id is null', 'reason': 'missing_key', 'column': 'ticket_id'},
    {'failed': 'contact_channel is null', 'reason': 'unknown_code', 'column': 'contact_channel'},
    {'failed': 'opened_at is null', 'reason': 'invalid_timestamp', 'column': 'opened_at'},
] + firstparty.timestamp_range_checks('opened_at') + [
    {'failed': 'closed_at_text is not null and closed_at is null', 'reason': 'invalid_timestamp', 'column': 'closed_at'},
] + firstparty.timestamp_range_checks('closed_at') + [
    {'failed': 'closed_at < opened_at', 'reason': 'closed_before_opened', 'column': 'closed_at'},
] -%}
{%- set satisfaction_score -%}
    case
        when {{ firstparty.parse_integer('satisfaction_score') }} between 1 and 5
            then {{ firstparty.parse_integer('satisfaction_score') }}
    end
{%- endset -%}

with

source as (
    select * from {{ firstparty.raw_source('service', 'tickets') }}
),

parsed as (
    select
        {{ firstparty.export_column('service_tickets', 'ticket_id') }} as ticket_id,
        {{ firstparty.export_column('service_tickets', 'email') }} as email,
        {{ firstparty.export_column('service_tickets', 'phone') }} as phone,
        {{ firstparty.normalize_code('contact_channel', ['email', 'phone', 'chat']) }} as contact_channel,
        lower({{ firstparty.trimmed('category') }}) as ticket_category,
        {{ satisfaction_score }} as satisfaction_score,
        {{ firstparty.trimmed('satisfaction_score') }} as satisfaction_score_text,
        {{ firstparty.trimmed('email') }} as email_text,
        {{ firstparty.trimmed('phone') }} as phone_text,
        {{ firstparty.parse_timestamp_utc('opened_at') }} as opened_at,
        {{ firstparty.parse_timestamp_utc('closed_at') }} as closed_at,
        {{ firstparty.trimmed('closed_at') }} as closed_at_text,
        {{ firstparty.row_hash([
            'ticket_id', 'email', 'phone', 'contact_channel', 'category', 'satisfaction_score',
            'opened_at', 'closed_at',
        ]) }} as raw_row_hash
    from source
),

checked as (
    select
        *,
        satisfaction_score_text is not null and satisfaction_score is null as has_invalid_satisfaction_score,
        email_text is not null and email is null as has_invalid_email,
        phone_text is not null and phone is null as has_invalid_phone,
        {{ firstparty.quarantine_checks(checks) }}
    from parsed
),

classified as (
    select
        *,
        {{ firstparty.row_status('ticket_id', 'coalesce(closed_at, opened_at) desc') }} as row_status
    from checked
),

governed as (
    {{ firstparty.governed_rows('service_tickets', 'classified') }}
)

select * from governed
