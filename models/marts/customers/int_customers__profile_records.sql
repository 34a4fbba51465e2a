with

record_map as (
    select * from {{ ref('customer_record_map') }}
),

crm_contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

shop_customers as (
    select * from {{ ref('stg_shop__customers') }}
),

loyalty_members as (
    select * from {{ ref('stg_pos__loyalty_members') }}
),

subscribers as (
    select * from {{ ref('stg_esp__subscribers') }}
),

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

tickets as (
    select * from {{ ref('stg_service__tickets') }}
),

profile_records as (
    select
        'crm_contacts' as source_name,
        contact_id as source_record_id,
        first_name,
        last_name,
        email,
        phone,
        street_address,
        city,
        postcode,
        country_code,
        loyalty_id,
        birth_date,
        updated_at as record_updated_at
    from crm_contacts

    union all

    select
        'shop_customers' as source_name,
        shop_customer_id as source_record_id,
        first_name,
        last_name,
        email,
        phone,
        null as street_address,
        null as city,
        null as postcode,
        country_code,
        null as loyalty_id,
        null as birth_date,
        created_at as record_updated_at
    from shop_customers

    union all

    select
        'pos_loyalty_members' as source_name,
        loyalty_id as source_record_id,
        first_name,
        last_name,
        email,
        phone,
        null as street_address,
        null as city,
        postcode,
        null as country_code,
        loyalty_id,
        null as birth_date,
        enrolled_at as record_updated_at
    from loyalty_members

    union all

    select
        'esp_subscribers' as source_name,
        subscriber_id as source_record_id,
        first_name,
        null as last_name,
        email,
        null as phone,
        null as street_address,
        null as city,
        null as postcode,
        null as country_code,
        null as loyalty_id,
        null as birth_date,
        subscribed_at as record_updated_at
    from subscribers

    union all

    select
        'shop_orders' as source_name,
        order_id as source_record_id,
        null as first_name,
        null as last_name,
        checkout_email as email,
        null as phone,
        null as street_address,
        null as city,
        null as postcode,
        null as country_code,
        null as loyalty_id,
        null as birth_date,
        ordered_at as record_updated_at
    from orders

    union all

    select
        'service_tickets' as source_name,
        ticket_id as source_record_id,
        null as first_name,
        null as last_name,
        email,
        phone,
        null as street_address,
        null as city,
        null as postcode,
        null as country_code,
        null as loyalty_id,
        null as birth_date,
        opened_at as record_updated_at
    from tickets
),

mapped_profile_records as (
    select
        record_map.customer_id,
        profile_records.*,
        (
            case when coalesce(profile_records.first_name, profile_records.last_name) is not null then 1 else 0 end
            + case when profile_records.email is not null then 1 else 0 end
            + case when profile_records.phone is not null then 1 else 0 end
            + case when coalesce(profile_records.street_address, profile_records.postcode) is not null then 1 else 0 end
            + case when profile_records.country_code is not null then 1 else 0 end
            + case when profile_records.birth_date is not null then 1 else 0 end
            + case when profile_records.loyalty_id is not null then 1 else 0 end
        ) as filled_attribute_count
    from profile_records
    inner join record_map
        on
            profile_records.source_name = record_map.source_name
            and profile_records.source_record_id = record_map.source_record_id
)

select * from mapped_profile_records
