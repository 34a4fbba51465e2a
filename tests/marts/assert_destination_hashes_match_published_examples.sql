-- Every worked example Google and Meta publish (seed ref_destination_hash_examples: input, normalised
-- value, SHA-256 hex, source page) is reproduced by destination_email / destination_phone and
-- sha256_hex. Returns each example whose normalised value or digest differs.
with

examples as {{ firstparty.not_materialized() }} (
    select * from {{ ref('ref_destination_hash_examples') }}
),

google_ads_examples as (
    select
        example_id,
        expected_normalized,
        expected_sha256,
        case identifier_type
            when 'email' then {{ firstparty.destination_email('example_input', 'google_ads') }}
            when 'phone' then {{ firstparty.destination_phone('example_input', 'google_ads', 'country_code') }}
        end as normalized_value
    from examples
    where destination = 'google_ads'
),

meta_ads_examples as (
    select
        example_id,
        expected_normalized,
        expected_sha256,
        case identifier_type
            when 'email' then {{ firstparty.destination_email('example_input', 'meta_ads') }}
            when 'phone' then {{ firstparty.destination_phone('example_input', 'meta_ads', 'country_code') }}
        end as normalized_value
    from examples
    where destination = 'meta_ads'
),

computed as (
    select * from google_ads_examples
    union all
    select * from meta_ads_examples
),

hashed as (
    select
        example_id,
        expected_normalized,
        expected_sha256,
        normalized_value,
        {{ firstparty.sha256_hex('normalized_value') }} as sha256_value
    from computed
),

mismatches as (
    select *
    from hashed
    where
        normalized_value is distinct from expected_normalized
        or (expected_sha256 is not null and sha256_value is distinct from expected_sha256)
)

select * from mismatches
