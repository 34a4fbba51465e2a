with

crm_contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

shop_customers as (
    select * from {{ ref('stg_shop__customers') }}
),

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

refunds as (
    select * from {{ ref('stg_shop__refunds') }}
),

subscribers as (
    select * from {{ ref('stg_esp__subscribers') }}
),

email_events as (
    select * from {{ ref('stg_esp__events') }}
),

web_events as (
    select * from {{ ref('stg_web__events') }}
),

ad_clicks as (
    select * from {{ ref('stg_ads__clicks') }}
),

ad_conversions as (
    select * from {{ ref('stg_ads__conversions') }}
),

tickets as (
    select * from {{ ref('stg_service__tickets') }}
),

loyalty_members as (
    select * from {{ ref('stg_pos__loyalty_members') }}
),

store_transactions as (
    select * from {{ ref('stg_pos__transactions') }}
),

interactions as (
    select
        'crm_contacts' as source_name,
        contact_id as source_record_id,
        'crm' as channel,
        'contact_created' as touchpoint_type,
        created_at as occurred_at
    from crm_contacts

    union all

    select
        'shop_customers' as source_name,
        shop_customer_id as source_record_id,
        'shop' as channel,
        'account_created' as touchpoint_type,
        created_at as occurred_at
    from shop_customers

    union all

    select
        'shop_orders' as source_name,
        order_id as source_record_id,
        'shop' as channel,
        case when order_status = 'cancelled' then 'order_cancelled' else 'order' end as touchpoint_type,
        ordered_at as occurred_at
    from orders

    union all

    select
        'shop_refunds' as source_name,
        refund_id as source_record_id,
        'shop' as channel,
        'refund' as touchpoint_type,
        refunded_at as occurred_at
    from refunds

    union all

    select
        'esp_subscribers' as source_name,
        subscriber_id as source_record_id,
        'email' as channel,
        'email_subscribed' as touchpoint_type,
        subscribed_at as occurred_at
    from subscribers

    union all

    select
        'esp_events' as source_name,
        email_event_id as source_record_id,
        'email' as channel,
        'email_' || event_type as touchpoint_type,
        occurred_at
    from email_events

    union all

    select
        'web_events' as source_name,
        web_event_id as source_record_id,
        'web' as channel,
        'web_' || event_type as touchpoint_type,
        occurred_at
    from web_events

    union all

    select
        'ads_clicks' as source_name,
        click_id as source_record_id,
        'ads' as channel,
        'ad_click' as touchpoint_type,
        clicked_at as occurred_at
    from ad_clicks

    union all

    select
        'ads_conversions' as source_name,
        conversion_id as source_record_id,
        'ads' as channel,
        'ad_conversion' as touchpoint_type,
        converted_at as occurred_at
    from ad_conversions

    union all

    select
        'service_tickets' as source_name,
        ticket_id as source_record_id,
        'service' as channel,
        'service_' || contact_channel as touchpoint_type,
        opened_at as occurred_at
    from tickets

    union all

    select
        'pos_loyalty_members' as source_name,
        loyalty_id as source_record_id,
        'store' as channel,
        'loyalty_enrolled' as touchpoint_type,
        enrolled_at as occurred_at
    from loyalty_members

    union all

    select
        'pos_transactions' as source_name,
        transaction_id as source_record_id,
        'store' as channel,
        'store_purchase' as touchpoint_type,
        transacted_at as occurred_at
    from store_transactions
)

select * from interactions
