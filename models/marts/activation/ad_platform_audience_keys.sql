with

members as (
    select * from {{ ref('audience_members') }}
    where channel = 'ads'
),

customers as (
    select * from {{ ref('dim_customers') }}
),

member_identifiers as (
    select distinct
        members.audience_id,
        customers.email,
        customers.phone,
        customers.country_code
    from members
    inner join customers
        on members.customer_id = customers.customer_id
),

google_ads_keys as (
    select
        audience_id,
        'google_ads' as destination,
        {{ firstparty.sha256_hex(firstparty.destination_email('email', 'google_ads')) }} as email_sha256,
        {{ firstparty.sha256_hex(
            firstparty.destination_phone('phone', 'google_ads', 'country_code')) }} as phone_sha256
    from member_identifiers
),

meta_ads_keys as (
    select
        audience_id,
        'meta_ads' as destination,
        {{ firstparty.sha256_hex(firstparty.destination_email('email', 'meta_ads')) }} as email_sha256,
        {{ firstparty.sha256_hex(
            firstparty.destination_phone('phone', 'meta_ads', 'country_code')) }} as phone_sha256
    from member_identifiers
),

keys as (
    select * from google_ads_keys
    union all
    select * from meta_ads_keys
),

{# One row per key a platform receives: customers whose contact points normalise to the same digests
    (two customers with one email and no usable phone) give one key, not a copy per customer. #}
distinct_keys as (
    select distinct
        audience_id,
        destination,
        email_sha256,
        phone_sha256
    from keys
    where email_sha256 is not null or phone_sha256 is not null
)

select * from distinct_keys
