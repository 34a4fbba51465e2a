{#- Every raw row parsed and classified once per build; erased and expired rows kept as stubs (governed_rows). -#}

{%- set checks = [
    {'failed': 'shop_customer_id is null', 'reason': 'missing_key', 'column': 'shop_customer_id'},
    {'failed': 'created_at is null', 'reason': 'invalid_timestamp', 'column': 'created_at'},
] + firstparty.timestamp_range_checks('created_at') + [
] -%}

with

source as (
    select * from {{ firstparty.raw_source('shop', 'customers') }}
),

located as (
    select
        *,
        {{ firstparty.normalize_country('country') }} as country_code
    from source
),

parsed as (
    select
        {{ firstparty.export_column('shop_customers', 'shop_customer_id') }} as shop_customer_id,
        {{ firstparty.export_column('shop_customers', 'email') }} as email,
        {{ firstparty.export_column('shop_customers', 'phone') }} as phone,
        {{ firstparty.normalize_name('first_name') }} as first_name,
        {{ firstparty.normalize_name('last_name') }} as last_name,
        country_code,
        {{ firstparty.parse_timestamp_utc('created_at') }} as created_at,
        {{ firstparty.trimmed('email') }} as email_text,
        {{ firstparty.trimmed('phone') }} as phone_text,
        {{ firstparty.trimmed('country') }} as country_text,
        {{ firstparty.row_hash([
            'shop_customer_id', 'email', 'first_name', 'last_name', 'phone', 'country', 'created_at',
        ]) }} as raw_row_hash
    from located
),

checked as (
    select
        *,
        email_text is not null and email is null as has_invalid_email,
        phone_text is not null and phone is null as has_invalid_phone,
        country_text is not null and country_code is null as has_invalid_country,
        {{ firstparty.quarantine_checks(checks) }}
    from parsed
),

classified as (
    select
        *,
        {{ firstparty.row_status('shop_customer_id', 'created_at desc') }} as row_status
    from checked
),

governed as (
    {{ firstparty.governed_rows('shop_customers', 'classified') }}
)

select * from governed
