with

crm_contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

shop_customers as (
    select * from {{ ref('stg_shop__customers') }}
),

shop_orders as (
    select * from {{ ref('stg_shop__orders') }}
),

shop_order_lines as (
    select * from {{ ref('stg_shop__order_lines') }}
),

shop_refunds as (
    select * from {{ ref('stg_shop__refunds') }}
),

esp_subscribers as (
    select * from {{ ref('stg_esp__subscribers') }}
),

esp_events as (
    select * from {{ ref('stg_esp__events') }}
),

web_events as (
    select * from {{ ref('stg_web__events') }}
),

ads_clicks as (
    select * from {{ ref('stg_ads__clicks') }}
),

ads_conversions as (
    select * from {{ ref('stg_ads__conversions') }}
),

service_tickets as (
    select * from {{ ref('stg_service__tickets') }}
),

pos_loyalty_members as (
    select * from {{ ref('stg_pos__loyalty_members') }}
),

pos_transactions as (
    select * from {{ ref('stg_pos__transactions') }}
),

consent_events as (
    select * from {{ ref('stg_consent__events') }}
),

privacy_requests as (
    select * from {{ ref('stg_privacy__requests') }}
),

{# An order line has no time of its own: it was seen when its order was placed. #}
order_lines_with_order_time as (
    select
        shop_order_lines.order_line_id,
        shop_orders.ordered_at
    from shop_order_lines
    left join shop_orders
        on shop_order_lines.order_id = shop_orders.order_id
),

staged_records as (
    select
        'crm_contacts' as source_name,
        contact_id as source_record_id,
        'profile' as record_kind,
        coalesce(created_at, updated_at) as seen_at
    from crm_contacts
    union all
    select
        'shop_customers' as source_name,
        shop_customer_id as source_record_id,
        'profile' as record_kind,
        created_at as seen_at
    from shop_customers
    union all
    select
        'esp_subscribers' as source_name,
        subscriber_id as source_record_id,
        'profile' as record_kind,
        subscribed_at as seen_at
    from esp_subscribers
    union all
    select
        'pos_loyalty_members' as source_name,
        loyalty_id as source_record_id,
        'profile' as record_kind,
        enrolled_at as seen_at
    from pos_loyalty_members
    union all
    select
        'service_tickets' as source_name,
        ticket_id as source_record_id,
        'contact' as record_kind,
        opened_at as seen_at
    from service_tickets
    union all
    select
        'privacy_requests' as source_name,
        request_id as source_record_id,
        'contact' as record_kind,
        received_at as seen_at
    from privacy_requests
    union all
    select
        'shop_orders' as source_name,
        order_id as source_record_id,
        'transaction' as record_kind,
        ordered_at as seen_at
    from shop_orders
    union all
    select
        'shop_order_lines' as source_name,
        order_line_id as source_record_id,
        'transaction' as record_kind,
        ordered_at as seen_at
    from order_lines_with_order_time
    union all
    select
        'shop_refunds' as source_name,
        refund_id as source_record_id,
        'transaction' as record_kind,
        refunded_at as seen_at
    from shop_refunds
    union all
    select
        'pos_transactions' as source_name,
        transaction_id as source_record_id,
        'transaction' as record_kind,
        transacted_at as seen_at
    from pos_transactions
    union all
    select
        'ads_conversions' as source_name,
        conversion_id as source_record_id,
        'transaction' as record_kind,
        converted_at as seen_at
    from ads_conversions
    union all
    select
        'esp_events' as source_name,
        email_event_id as source_record_id,
        'event' as record_kind,
        occurred_at as seen_at
    from esp_events
    union all
    select
        'web_events' as source_name,
        web_event_id as source_record_id,
        'event' as record_kind,
        occurred_at as seen_at
    from web_events
    union all
    select
        'ads_clicks' as source_name,
        click_id as source_record_id,
        'event' as record_kind,
        clicked_at as seen_at
    from ads_clicks
    union all
    select
        'consent_events' as source_name,
        consent_event_id as source_record_id,
        'event' as record_kind,
        decided_at as seen_at
    from consent_events
),

keyed_records as (
    select
        {{ firstparty.identity_record_key('source_name', 'source_record_id') }} as record_key,
        source_name,
        source_record_id,
        record_kind,
        record_kind = 'profile' as is_profile_record,
        seen_at
    from staged_records
)

select * from keyed_records
