{#- Every raw row parsed and classified once per build; erased and expired rows kept as stubs (governed_rows). -#}

{%- set checks = [
    {'failed': 'conversion_id is null', 'reason': 'missing_key', 'column': 'conversion_id'},
    {'failed': 'converted_at is null', 'reason': 'invalid_timestamp', 'column': 'converted_at'},
] + firstparty.timestamp_range_checks('converted_at') + firstparty.amount_checks('conversion_value') + [
    {'failed': 'conversion_value < 0', 'reason': 'negative_amount', 'column': 'conversion_value'},
    {'failed': 'currency is null', 'reason': 'unknown_code', 'column': 'currency'},
] -%}

with

source as (
    select * from {{ firstparty.raw_source('ads', 'conversions') }}
),

parsed as (
    select
        {{ firstparty.export_column('ads_conversions', 'conversion_id') }} as conversion_id,
        {{ firstparty.export_column('ads_conversions', 'click_id') }} as click_id,
        {{ firstparty.export_column('ads_conversions', 'hashed_email') }} as hashed_email,
        {{ firstparty.normalize_currency('currency') }} as currency,
        {{ firstparty.parse_decimal('conversion_value') }} as conversion_value,
        {{ firstparty.trimmed('conversion_value') }} as conversion_value_text,
        coalesce({{ firstparty.parse_boolean('used_third_party_cookies') }}, false) as used_third_party_cookies,
        {{ firstparty.trimmed('hashed_email') }} as hashed_email_text,
        {{ firstparty.parse_timestamp_utc('converted_at') }} as converted_at,
        {{ firstparty.row_hash([
            'conversion_id', 'click_id', 'hashed_email', 'currency', 'conversion_value',
            'used_third_party_cookies', 'converted_at',
        ]) }} as raw_row_hash
    from source
),

checked as (
    select
        *,
        hashed_email_text is not null and hashed_email is null as has_invalid_hashed_email,
        {{ firstparty.quarantine_checks(checks) }}
    from parsed
),

classified as (
    select
        *,
        {{ firstparty.row_status('conversion_id', 'converted_at desc') }} as row_status
    from checked
),

governed as (
    {{ firstparty.governed_rows('ads_conversions', 'classified') }}
)

select * from governed
