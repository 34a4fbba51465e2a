-- No customer's golden email or phone is a placeholder that ref_identity_blocklist marks as reaching no
-- one (is_placeholder): such a value would be activated, uploaded to ad platforms and shared in clean
-- rooms as if it were the customer's. Returns each customer and the placeholder entry it holds.
with

customers as (
    select
        customer_id,
        email,
        phone
    from {{ ref('dim_customers') }}
),

placeholders as (
    select * from {{ ref('ref_identity_blocklist') }}
    where is_placeholder
),

contact_points as (
    select
        customer_id,
        'email' as contact_type,
        email as contact_value
    from customers
    where email is not null
    union all
    select
        customer_id,
        'phone' as contact_type,
        phone as contact_value
    from customers
    where phone is not null
),

placeholder_contact_points as (
    select
        contact_points.customer_id,
        contact_points.contact_type,
        placeholders.match_type,
        placeholders.blocked_value
    from contact_points
    inner join placeholders
        on contact_points.contact_type = placeholders.identifier_type
    where {{ firstparty.identity_blocklist_matches('contact_points.contact_value', 'placeholders') }}
)

select * from placeholder_contact_points
