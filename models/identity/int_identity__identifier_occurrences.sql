with

records as (
    select * from {{ ref('int_identity__records') }}
),

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

{# Every identifier each staged record carries, as (type, value). Record references (an order line's
    order, an email event's subscription, a conversion's click) are identifiers too: they tie the
    record to the record they name. A logged-in web event's user_id is the shop account it logged
    into; an email click-through's landing event carries the subscriber id of the email's link. Consent subjects are typed email, phone, anonymous_id or shop_customer_id by the export. #}
{%- set carried = [
    ('crm_contacts', 'contact_id', "'email'", 'email'),
    ('crm_contacts', 'contact_id', "'phone'", 'phone'),
    ('crm_contacts', 'contact_id', "'loyalty_id'", 'loyalty_id'),
    ('shop_customers', 'shop_customer_id', "'shop_customer_id'", 'shop_customer_id'),
    ('shop_customers', 'shop_customer_id', "'email'", 'email'),
    ('shop_customers', 'shop_customer_id', "'phone'", 'phone'),
    ('shop_orders', 'order_id', "'shop_order_id'", 'order_id'),
    ('shop_orders', 'order_id', "'shop_customer_id'", 'shop_customer_id'),
    ('shop_orders', 'order_id', "'email'", 'checkout_email'),
    ('shop_order_lines', 'order_line_id', "'shop_order_id'", 'order_id'),
    ('shop_refunds', 'refund_id', "'shop_order_id'", 'order_id'),
    ('esp_subscribers', 'subscriber_id', "'esp_subscriber_id'", 'subscriber_id'),
    ('esp_subscribers', 'subscriber_id', "'email'", 'email'),
    ('esp_events', 'email_event_id', "'esp_subscriber_id'", 'subscriber_id'),
    ('esp_events', 'email_event_id', "'email'", 'email'),
    ('web_events', 'web_event_id', "'anonymous_id'", 'anonymous_id'),
    ('web_events', 'web_event_id', "'shop_customer_id'", 'user_id'),
    ('web_events', 'web_event_id', "'esp_subscriber_id'", 'email_subscriber_id'),
    ('ads_clicks', 'click_id', "'ad_click_id'", 'click_id'),
    ('ads_clicks', 'click_id', "'anonymous_id'", 'anonymous_id'),
    ('ads_conversions', 'conversion_id', "'ad_click_id'", 'click_id'),
    ('ads_conversions', 'conversion_id', "'hashed_email'", 'hashed_email'),
    ('service_tickets', 'ticket_id', "'email'", 'email'),
    ('service_tickets', 'ticket_id', "'phone'", 'phone'),
    ('pos_loyalty_members', 'loyalty_id', "'loyalty_id'", 'loyalty_id'),
    ('pos_loyalty_members', 'loyalty_id', "'email'", 'email'),
    ('pos_loyalty_members', 'loyalty_id', "'phone'", 'phone'),
    ('pos_transactions', 'transaction_id', "'loyalty_id'", 'loyalty_id'),
    ('consent_events', 'consent_event_id', 'subject_type', 'subject_value'),
    ('privacy_requests', 'request_id', "'email'", 'subject_email'),
    ('privacy_requests', 'request_id', "'phone'", 'subject_phone'),
] -%}

carried_identifiers as (
    {%- for source_name, key_column, identifier_type, value_column in carried %}
        select
            '{{ source_name }}' as source_name,
            {{ key_column }} as source_record_id,
            {{ identifier_type }} as identifier_type,
            {{ value_column }} as identifier_value
        from {{ source_name }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

{# Emails and hashed emails meet in one identifier: an email is matched by its SHA-256, so that an ad
    conversion's hashed email is the same identifier as the plain email it was hashed from. #}
matched_identifiers as (
    select
        source_name,
        source_record_id,
        identifier_type,
        identifier_value,
        case
            when identifier_type in ('email', 'hashed_email') then 'email'
            else identifier_type
        end as identifier_class,
        case
            when identifier_type = 'email' then {{ firstparty.sha256_hex('identifier_value') }}
            else identifier_value
        end as match_value
    from carried_identifiers
    where identifier_value is not null
),

occurrences as (
    select
        {{ dbt.hash(dbt.concat([
            'records.record_key', "'|'", 'matched_identifiers.identifier_type', "'|'",
            'matched_identifiers.identifier_value',
        ])) }} as occurrence_id,
        records.record_key,
        {{ dbt.concat(['matched_identifiers.identifier_class', "':'", 'matched_identifiers.match_value']) }}
            as identifier_key,
        matched_identifiers.source_name,
        matched_identifiers.source_record_id,
        matched_identifiers.identifier_type,
        matched_identifiers.identifier_class,
        matched_identifiers.identifier_value,
        records.record_kind,
        records.is_profile_record,
        records.seen_at
    from matched_identifiers
    inner join records
        on
            matched_identifiers.source_name = records.source_name
            and matched_identifiers.source_record_id = records.source_record_id
)

select * from occurrences
