{# Per raw export, the columns that identify a person or a record of theirs, each with its identifier type. #}
{#
    What the erasure closure follows and what staging checks against the tombstones. `type` is a SQL
    expression giving the identifier type (a quoted literal, or the consent export's subject_type
    column); `column` is the base_ model's column. A record's own key is an identifier too, so that its
    other versions and the records that refer to it (an order's lines, a click's conversion) go with it.
    The same type means the same namespace: web events' user_id is the shop account they logged into,
    a conversion's hashed_email is the SHA-256 of an email (email_sha256). Privacy requests take part in
    the closure but are never erased: staging keeps the request and blanks its identifiers.
#}
{% macro erasure_identifiers() -%}
    {{ return({
        'crm_contacts': [
            {'type': "'crm_contact_id'", 'column': 'contact_id'},
            {'type': "'email'", 'column': 'email'},
            {'type': "'phone'", 'column': 'phone'},
            {'type': "'loyalty_id'", 'column': 'loyalty_id'},
        ],
        'shop_customers': [
            {'type': "'shop_customer_id'", 'column': 'shop_customer_id'},
            {'type': "'email'", 'column': 'email'},
            {'type': "'phone'", 'column': 'phone'},
        ],
        'shop_orders': [
            {'type': "'shop_order_id'", 'column': 'order_id'},
            {'type': "'shop_customer_id'", 'column': 'shop_customer_id'},
            {'type': "'email'", 'column': 'checkout_email'},
        ],
        'shop_order_lines': [
            {'type': "'shop_order_line_id'", 'column': 'order_line_id'},
            {'type': "'shop_order_id'", 'column': 'order_id'},
        ],
        'shop_refunds': [
            {'type': "'shop_refund_id'", 'column': 'refund_id'},
            {'type': "'shop_order_id'", 'column': 'order_id'},
        ],
        'esp_subscribers': [
            {'type': "'esp_subscriber_id'", 'column': 'subscriber_id'},
            {'type': "'email'", 'column': 'email'},
        ],
        'esp_events': [
            {'type': "'esp_event_id'", 'column': 'email_event_id'},
            {'type': "'esp_subscriber_id'", 'column': 'subscriber_id'},
            {'type': "'email'", 'column': 'email'},
        ],
        'web_events': [
            {'type': "'web_event_id'", 'column': 'web_event_id'},
            {'type': "'anonymous_id'", 'column': 'anonymous_id'},
            {'type': "'shop_customer_id'", 'column': 'user_id'},
            {'type': "'esp_subscriber_id'", 'column': 'email_subscriber_id'},
        ],
        'ads_clicks': [
            {'type': "'ad_click_id'", 'column': 'click_id'},
            {'type': "'anonymous_id'", 'column': 'anonymous_id'},
        ],
        'ads_conversions': [
            {'type': "'ad_conversion_id'", 'column': 'conversion_id'},
            {'type': "'ad_click_id'", 'column': 'click_id'},
            {'type': "'email_sha256'", 'column': 'hashed_email'},
        ],
        'service_tickets': [
            {'type': "'service_ticket_id'", 'column': 'ticket_id'},
            {'type': "'email'", 'column': 'email'},
            {'type': "'phone'", 'column': 'phone'},
        ],
        'pos_loyalty_members': [
            {'type': "'loyalty_id'", 'column': 'loyalty_id'},
            {'type': "'email'", 'column': 'email'},
            {'type': "'phone'", 'column': 'phone'},
        ],
        'pos_transactions': [
            {'type': "'pos_transaction_id'", 'column': 'transaction_id'},
            {'type': "'loyalty_id'", 'column': 'loyalty_id'},
        ],
        'consent_events': [
            {'type': "'consent_event_id'", 'column': 'consent_event_id'},
            {'type': 'subject_type', 'column': 'subject_value'},
        ],
        'privacy_requests': [
            {'type': "'email'", 'column': 'subject_email'},
            {'type': "'phone'", 'column': 'subject_phone'},
        ],
    }) }}
{%- endmacro %}
