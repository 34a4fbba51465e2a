{#- Every raw row parsed and classified once per build; erased and expired rows kept as stubs (governed_rows). -#}

{%- set checks = [
    {'failed': 'contact_id is null', 'reason': 'missing_key', 'column': 'contact_id'},
    {'failed': 'updated_at is null', 'reason': 'invalid_timestamp', 'column': 'updated_at'},
] + firstparty.timestamp_range_checks('updated_at') + [
    {'failed': 'created_at_text is not null and created_at is null', 'reason': 'invalid_timestamp', 'column': 'created_at'},
] + firstparty.timestamp_range_checks('created_at') + [
] -%}

with

source as (
    select * from {{ firstparty.raw_source('crm', 'contacts') }}
),

located as (
    select
        *,
        {{ firstparty.normalize_country('country') }} as country_code,
        {{ firstparty.parse_date('birth_date') }} as parsed_birth_date
    from source
),

parsed as (
    select
        {{ firstparty.export_column('crm_contacts', 'contact_id') }} as contact_id,
        {{ firstparty.export_column('crm_contacts', 'loyalty_id') }} as loyalty_id,
        {{ firstparty.export_column('crm_contacts', 'email') }} as email,
        {{ firstparty.export_column('crm_contacts', 'phone') }} as phone,
        {{ firstparty.normalize_name('first_name') }} as first_name,
        {{ firstparty.normalize_name('last_name') }} as last_name,
        {{ firstparty.trimmed('street_address') }} as street_address,
        {{ firstparty.normalize_postcode('postcode') }} as postcode,
        {{ firstparty.normalize_name('city') }} as city,
        country_code,
        {{ firstparty.plausible_birth_date('parsed_birth_date') }} as birth_date,
        {{ firstparty.parse_timestamp_utc('created_at') }} as created_at,
        {{ firstparty.parse_timestamp_utc('updated_at') }} as updated_at,
        {{ firstparty.trimmed('email') }} as email_text,
        {{ firstparty.trimmed('phone') }} as phone_text,
        {{ firstparty.trimmed('country') }} as country_text,
        {{ firstparty.trimmed('birth_date') }} as birth_date_text,
        {{ firstparty.trimmed('created_at') }} as created_at_text,
        {{ firstparty.row_hash([
            'contact_id', 'email', 'phone', 'first_name', 'last_name', 'street_address', 'postcode',
            'city', 'country', 'birth_date', 'loyalty_id', 'created_at', 'updated_at',
        ]) }} as raw_row_hash
    from located
),

checked as (
    select
        *,
        email_text is not null and email is null as has_invalid_email,
        phone_text is not null and phone is null as has_invalid_phone,
        country_text is not null and country_code is null as has_invalid_country,
        birth_date_text is not null and birth_date is null as has_invalid_birth_date,
        {{ firstparty.quarantine_checks(checks) }}
    from parsed
),

classified as (
    select
        *,
        {{ firstparty.row_status('contact_id', 'updated_at desc') }} as row_status
    from checked
),

governed as (
    {{ firstparty.governed_rows('crm_contacts', 'classified') }}
)

select * from governed
