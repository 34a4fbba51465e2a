{#- Every raw row parsed and classified once per build; erased and expired rows kept as stubs (governed_rows). -#}

{%- set checks = [
    {'failed': 'click_id is null', 'reason': 'missing_key', 'column': 'click_id'},
    {'failed': 'ad_platform is null', 'reason': 'unknown_code', 'column': 'platform'},
    {'failed': 'clicked_at is null', 'reason': 'invalid_timestamp', 'column': 'clicked_at'},
] + firstparty.timestamp_range_checks('clicked_at') + firstparty.amount_checks('cost_amount') + [
    {'failed': 'cost_amount < 0', 'reason': 'negative_amount', 'column': 'cost_amount'},
    {'failed': 'currency is null', 'reason': 'unknown_code', 'column': 'currency'},
] -%}

with

source as (
    select * from {{ firstparty.raw_source('ads', 'clicks') }}
),

parsed as (
    select
        {{ firstparty.export_column('ads_clicks', 'click_id') }} as click_id,
        {{ firstparty.export_column('ads_clicks', 'anonymous_id') }} as anonymous_id,
        {{ firstparty.trimmed('campaign_id') }} as campaign_id,
        {{ firstparty.normalize_code('platform', ['google', 'meta', 'other']) }} as ad_platform,
        {{ firstparty.normalize_currency('currency') }} as currency,
        {{ firstparty.parse_decimal('cost_amount') }} as cost_amount,
        {{ firstparty.trimmed('cost_amount') }} as cost_amount_text,
        coalesce({{ firstparty.parse_boolean('used_third_party_cookies') }}, false) as used_third_party_cookies,
        {{ firstparty.parse_timestamp_utc('clicked_at') }} as clicked_at,
        {{ firstparty.row_hash([
            'click_id', 'anonymous_id', 'platform', 'campaign_id', 'currency', 'cost_amount',
            'used_third_party_cookies', 'clicked_at',
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
        {{ firstparty.row_status('click_id', 'clicked_at desc') }} as row_status
    from checked
),

governed as (
    {{ firstparty.governed_rows('ads_clicks', 'classified') }}
)

select * from governed
