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

blocklist as (
    select * from {{ ref('ref_identity_blocklist') }}
),

source_records as {{ firstparty.not_materialized() }} (
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

{# A placeholder email or phone (blocklisted with is_placeholder: noemail@gmail.com, a test domain, a
   fictional number) reaches no one: it is not the record's contact point, so survivorship never makes
   it a customer's email or phone and activation never uploads it. A role or household mailbox stays. #}
contact_values as (
    select
        'email' as contact_type,
        email as contact_value
    from source_records
    where email is not null
    union
    select
        'phone' as contact_type,
        phone as contact_value
    from source_records
    where phone is not null
),

placeholder_contact_values as (
    select distinct
        contact_values.contact_type,
        contact_values.contact_value
    from contact_values
    inner join blocklist
        on contact_values.contact_type = blocklist.identifier_type
    where
        blocklist.is_placeholder
        and {{ firstparty.identity_blocklist_matches('contact_values.contact_value') }}
),

profile_records as (
    select
        source_records.source_name,
        source_records.source_record_id,
        source_records.first_name,
        source_records.last_name,
        case when placeholder_emails.contact_value is null then source_records.email end as email,
        case when placeholder_phones.contact_value is null then source_records.phone end as phone,
        source_records.street_address,
        source_records.city,
        source_records.postcode,
        source_records.country_code,
        source_records.loyalty_id,
        source_records.birth_date,
        source_records.record_updated_at
    from source_records
    left join placeholder_contact_values as placeholder_emails
        on
            placeholder_emails.contact_type = 'email'
            and source_records.email = placeholder_emails.contact_value
    left join placeholder_contact_values as placeholder_phones
        on
            placeholder_phones.contact_type = 'phone'
            and source_records.phone = placeholder_phones.contact_value
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
