{#- Every staged consent decision with the customer it belongs to and the contact point it is for.

    The contact point is what a decision on an email or sms channel authorises: the email address or
    phone number the subject was identified by, or for a decision made on a shop account, that
    account's email (or phone). A decision on such a channel made through a cookie names no address,
    so it authorises none (contact_point null). Decisions on web, ads and partner channels are the
    person's (contact_point null). Decisions whose record no customer_id covers (a held cluster) are
    left out: without a customer there is nobody to grant for, which consent_state reads as deny. -#}
with

consent_events as (
    select * from {{ ref('stg_consent__events') }}
),

record_map as (
    select * from {{ ref('customer_record_map') }}
),

shop_customers as (
    select * from {{ ref('stg_shop__customers') }}
),

purpose_channels as (
    select * from {{ ref('privacy_purpose_channels') }}
),

decisions as (
    select
        consent_events.consent_event_id,
        record_map.customer_id,
        consent_events.purpose,
        consent_events.channel,
        purpose_channels.contact_point_type,
        case
            when purpose_channels.contact_point_type is null
                then null
            when consent_events.subject_type = purpose_channels.contact_point_type
                then consent_events.subject_value
            when consent_events.subject_type = 'shop_customer_id' and purpose_channels.contact_point_type = 'email'
                then shop_customers.email
            when consent_events.subject_type = 'shop_customer_id' and purpose_channels.contact_point_type = 'phone'
                then shop_customers.phone
        end as contact_point,
        consent_events.decision,
        consent_events.decided_at,
        consent_events.recorded_at
    from consent_events
    inner join record_map
        on
            record_map.source_name = 'consent_events'
            and consent_events.consent_event_id = record_map.source_record_id
    left join purpose_channels
        on
            consent_events.purpose = purpose_channels.purpose
            and consent_events.channel = purpose_channels.channel
    left join shop_customers
        on
            consent_events.subject_type = 'shop_customer_id'
            and consent_events.subject_value = shop_customers.shop_customer_id
)

select * from decisions
