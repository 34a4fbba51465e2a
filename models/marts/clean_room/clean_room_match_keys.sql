with

customers as (
    select * from {{ ref('dim_customers') }}
),

partner_consent as (
    select distinct customer_id
    from {{ ref('consent_state') }}
    where
        purpose = 'partner_sharing'
        and channel = 'partner'
        and status = 'granted'
),

match_keys as (
    select
        {{ firstparty.keyed_hash('customers.customer_id', 'clean_room') }} as match_key,
        {{ firstparty.keyed_hash('customers.email', 'clean_room', 'email') }} as email_match_key,
        {{ firstparty.keyed_hash('customers.phone', 'clean_room', 'phone') }} as phone_match_key,
        customers.lifecycle_stage
    from customers
    inner join partner_consent
        on customers.customer_id = partner_consent.customer_id
    where customers.email is not null or customers.phone is not null
)

select * from match_keys
