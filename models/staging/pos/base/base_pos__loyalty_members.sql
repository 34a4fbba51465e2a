{#- Every raw row parsed and classified once per build; erased and expired rows kept as stubs (governed_rows). -#}

{%- set checks = [
    {'failed': 'loyalty_id is null', 'reason': 'missing_key', 'column': 'loyalty_id'},
    {'failed': 'enrolled_at is null', 'reason': 'invalid_timestamp', 'column': 'enrolled_at'},
] + firstparty.timestamp_range_checks('enrolled_at') + [
] -%}

with

source as (
    select * from {{ firstparty.raw_source('pos', 'loyalty_members') }}
),

parsed as (
    select
        {{ firstparty.export_column('pos_loyalty_members', 'loyalty_id') }} as loyalty_id,
        {{ firstparty.export_column('pos_loyalty_members', 'email') }} as email,
        {{ firstparty.export_column('pos_loyalty_members', 'phone') }} as phone,
        {{ firstparty.normalize_name('first_name') }} as first_name,
        {{ firstparty.normalize_name('last_name') }} as last_name,
        {{ firstparty.normalize_postcode('postcode') }} as postcode,
        {{ firstparty.trimmed('email') }} as email_text,
        {{ firstparty.trimmed('phone') }} as phone_text,
        {{ firstparty.parse_timestamp_utc('enrolled_at') }} as enrolled_at,
        {{ firstparty.row_hash([
            'loyalty_id', 'email', 'phone', 'first_name', 'last_name', 'postcode', 'enrolled_at',
        ]) }} as raw_row_hash
    from source
),

checked as (
    select
        *,
        email_text is not null and email is null as has_invalid_email,
        phone_text is not null and phone is null as has_invalid_phone,
        {{ firstparty.quarantine_checks(checks) }}
    from parsed
),

classified as (
    select
        *,
        {{ firstparty.row_status('loyalty_id', 'enrolled_at desc') }} as row_status
    from checked
),

governed as (
    {{ firstparty.governed_rows('pos_loyalty_members', 'classified') }}
)

select * from governed
