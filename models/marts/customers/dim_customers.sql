with

record_map as {{ firstparty.not_materialized() }} (
    select * from {{ ref('customer_record_map') }}
),

provenance as (
    select * from {{ ref('customer_attribute_provenance') }}
),

profile_records as (
    select * from {{ ref('int_customers__profile_records') }}
),

touchpoints as (
    select * from {{ ref('fct_customer_touchpoints') }}
),

purchases as (
    select * from {{ ref('int_customers__purchases') }}
),

tickets as (
    select * from {{ ref('stg_service__tickets') }}
),

consent as (
    select * from {{ ref('consent_state') }}
),

customers as (
    select distinct customer_id
    from record_map
),

golden_attributes as (
    select
        provenance.customer_id,
        max(profile_records.first_name) filter (where provenance.attribute_name = 'name') as first_name,
        max(profile_records.last_name) filter (where provenance.attribute_name = 'name') as last_name,
        max(profile_records.email) filter (where provenance.attribute_name = 'email') as email,
        max(profile_records.phone) filter (where provenance.attribute_name = 'phone') as phone,
        max(profile_records.street_address) filter (
            where provenance.attribute_name = 'postal_address'
        ) as street_address,
        max(profile_records.city) filter (where provenance.attribute_name = 'postal_address') as city,
        max(profile_records.postcode) filter (where provenance.attribute_name = 'postal_address') as postcode,
        max(profile_records.country_code) filter (where provenance.attribute_name = 'country_code') as country_code,
        max(profile_records.loyalty_id) filter (where provenance.attribute_name = 'loyalty_id') as loyalty_id,
        max(profile_records.birth_date) filter (where provenance.attribute_name = 'birth_date') as birth_date
    from provenance
    inner join profile_records
        on
            provenance.source_name = profile_records.source_name
            and provenance.source_record_id = profile_records.source_record_id
    group by 1
),

activity as (
    select
        customer_id,
        {{ dbt.listagg('distinct channel', "','", 'order by channel') }} as channels_present,
        count(distinct channel) as channel_count,
        min(occurred_at) as first_seen_at,
        max(occurred_at) as last_seen_at
    from touchpoints
    group by 1
),

purchase_totals as (
    select
        customer_id,
        count(*) filter (where purchase_channel = 'shop') as order_count,
        count(*) filter (where purchase_channel = 'store') as store_purchase_count,
        sum(net_amount) as net_revenue_amount,
        min(purchased_at) as first_purchase_at,
        max(purchased_at) as last_purchase_at
    from purchases
    group by 1
),

service_contacts as (
    select
        record_map.customer_id,
        count(*) as service_contact_count,
        avg(tickets.satisfaction_score) as average_satisfaction_score,
        max(tickets.opened_at) as last_service_contact_at
    from tickets
    inner join record_map
        on
            record_map.source_name = 'service_tickets'
            and tickets.ticket_id = record_map.source_record_id
    group by 1
),

consent_summary as (
    select
        customer_id,
        count(distinct purpose) filter (where status = 'granted') as granted_purpose_count,
        coalesce(bool_or(purpose = 'email_marketing' and status = 'granted'), false) as has_email_marketing_consent,
        coalesce(bool_or(purpose = 'sms_marketing' and status = 'granted'), false) as has_sms_marketing_consent,
        coalesce(bool_or(purpose = 'personalisation' and status = 'granted'), false) as has_personalisation_consent,
        coalesce(bool_or(purpose = 'targeted_advertising' and status = 'granted'), false)
            as has_targeted_advertising_consent,
        coalesce(bool_or(purpose = 'partner_sharing' and status = 'granted'), false) as has_partner_sharing_consent
    from consent
    group by 1
),

lifecycle as (
    select
        customers.customer_id,
        case
            when purchase_totals.customer_id is null then 'prospect'
            when purchase_totals.first_purchase_at >= {{ dbt.dateadd(
                'day', -1 * var('lifecycle_new_days'), firstparty.as_of_timestamp()) }}
                then 'new'
            when purchase_totals.last_purchase_at >= {{ dbt.dateadd(
                'day', -1 * var('lifecycle_active_days'), firstparty.as_of_timestamp()) }}
                then 'active'
            else 'lapsed'
        end as lifecycle_stage
    from customers
    left join purchase_totals
        on customers.customer_id = purchase_totals.customer_id
),

final as (
    select
        customers.customer_id,
        golden_attributes.first_name,
        golden_attributes.last_name,
        golden_attributes.email,
        golden_attributes.phone,
        golden_attributes.street_address,
        golden_attributes.city,
        golden_attributes.postcode,
        golden_attributes.country_code,
        golden_attributes.loyalty_id,
        activity.channels_present,
        lifecycle.lifecycle_stage,
        coalesce(activity.channel_count, 0) as channel_count,
        coalesce(purchase_totals.order_count, 0) as order_count,
        coalesce(purchase_totals.store_purchase_count, 0) as store_purchase_count,
        cast(coalesce(purchase_totals.net_revenue_amount, 0) as decimal(18, 2)) as net_revenue_amount,
        '{{ var("reporting_currency") }}' as revenue_currency,
        coalesce(service_contacts.service_contact_count, 0) as service_contact_count,
        cast(service_contacts.average_satisfaction_score as {{ type_double() }}) as average_satisfaction_score,
        coalesce(consent_summary.granted_purpose_count, 0) as granted_purpose_count,
        coalesce(consent_summary.has_email_marketing_consent, false) as has_email_marketing_consent,
        coalesce(consent_summary.has_sms_marketing_consent, false) as has_sms_marketing_consent,
        coalesce(consent_summary.has_personalisation_consent, false) as has_personalisation_consent,
        coalesce(consent_summary.has_targeted_advertising_consent, false) as has_targeted_advertising_consent,
        coalesce(consent_summary.has_partner_sharing_consent, false) as has_partner_sharing_consent,
        golden_attributes.birth_date,
        activity.first_seen_at,
        activity.last_seen_at,
        purchase_totals.first_purchase_at,
        purchase_totals.last_purchase_at,
        service_contacts.last_service_contact_at
    from customers
    left join golden_attributes
        on customers.customer_id = golden_attributes.customer_id
    left join activity
        on customers.customer_id = activity.customer_id
    left join purchase_totals
        on customers.customer_id = purchase_totals.customer_id
    left join service_contacts
        on customers.customer_id = service_contacts.customer_id
    left join consent_summary
        on customers.customer_id = consent_summary.customer_id
    inner join lifecycle
        on customers.customer_id = lifecycle.customer_id
)

select * from final
