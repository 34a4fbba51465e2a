{# Per raw export, the columns that identify a person or a record of theirs, each with its identifier type. #}
{#
    What the erasure closure follows and what staging checks against the tombstones. `type` is a SQL
    expression giving the identifier type (a quoted literal, or the consent export's subject_type
    column); `column` is the base_ model's column. A record's own key is an identifier too, so that its
    other versions and the records that refer to it (an order's lines, a click's conversion) go with it.
    The same type means the same namespace: web events' user_id is the shop account they logged into,
    a conversion's hashed_email is the SHA-256 of an email (email_sha256). Privacy requests take part in
    the closure but are never erased: staging keeps the request and blanks its identifiers.

    `raw` is the export's column and `parse` how it is normalised (macro export_column: id trimmed,
    email, phone (with the row's `country` when given), sha256, subject: by the consent subject's type).
    The base_ models select every identifier through export_column, and the erasure closure reads the
    same expressions straight from the raw export, so both see the same values by construction.
#}
{% macro erasure_identifiers() -%}
    {{ return({
        'crm_contacts': [
            {'type': "'crm_contact_id'", 'column': 'contact_id', 'parse': 'id', 'raw': 'contact_id'},
            {'type': "'email'", 'column': 'email', 'parse': 'email', 'raw': 'email'},
            {'type': "'phone'", 'column': 'phone', 'parse': 'phone', 'raw': 'phone', 'country': 'country'},
            {'type': "'loyalty_id'", 'column': 'loyalty_id', 'parse': 'id', 'raw': 'loyalty_id'},
        ],
        'shop_customers': [
            {'type': "'shop_customer_id'", 'column': 'shop_customer_id', 'parse': 'id', 'raw': 'shop_customer_id'},
            {'type': "'email'", 'column': 'email', 'parse': 'email', 'raw': 'email'},
            {'type': "'phone'", 'column': 'phone', 'parse': 'phone', 'raw': 'phone', 'country': 'country'},
        ],
        'shop_orders': [
            {'type': "'shop_order_id'", 'column': 'order_id', 'parse': 'id', 'raw': 'order_id'},
            {'type': "'shop_customer_id'", 'column': 'shop_customer_id', 'parse': 'id', 'raw': 'shop_customer_id'},
            {'type': "'email'", 'column': 'checkout_email', 'parse': 'email', 'raw': 'checkout_email'},
        ],
        'shop_order_lines': [
            {'type': "'shop_order_line_id'", 'column': 'order_line_id', 'parse': 'id', 'raw': 'order_line_id'},
            {'type': "'shop_order_id'", 'column': 'order_id', 'parse': 'id', 'raw': 'order_id'},
        ],
        'shop_refunds': [
            {'type': "'shop_refund_id'", 'column': 'refund_id', 'parse': 'id', 'raw': 'refund_id'},
            {'type': "'shop_order_id'", 'column': 'order_id', 'parse': 'id', 'raw': 'order_id'},
        ],
        'esp_subscribers': [
            {'type': "'esp_subscriber_id'", 'column': 'subscriber_id', 'parse': 'id', 'raw': 'subscriber_id'},
            {'type': "'email'", 'column': 'email', 'parse': 'email', 'raw': 'email'},
        ],
        'esp_events': [
            {'type': "'esp_event_id'", 'column': 'email_event_id', 'parse': 'id', 'raw': 'event_id'},
            {'type': "'esp_subscriber_id'", 'column': 'subscriber_id', 'parse': 'id', 'raw': 'subscriber_id'},
            {'type': "'email'", 'column': 'email', 'parse': 'email', 'raw': 'email'},
        ],
        'web_events': [
            {'type': "'web_event_id'", 'column': 'web_event_id', 'parse': 'id', 'raw': 'event_id'},
            {'type': "'anonymous_id'", 'column': 'anonymous_id', 'parse': 'id', 'raw': 'anonymous_id'},
            {'type': "'shop_customer_id'", 'column': 'user_id', 'parse': 'id', 'raw': 'user_id'},
            {'type': "'esp_subscriber_id'", 'column': 'email_subscriber_id', 'parse': 'id', 'raw': 'email_subscriber_id'},
        ],
        'ads_clicks': [
            {'type': "'ad_click_id'", 'column': 'click_id', 'parse': 'id', 'raw': 'click_id'},
            {'type': "'anonymous_id'", 'column': 'anonymous_id', 'parse': 'id', 'raw': 'anonymous_id'},
        ],
        'ads_conversions': [
            {'type': "'ad_conversion_id'", 'column': 'conversion_id', 'parse': 'id', 'raw': 'conversion_id'},
            {'type': "'ad_click_id'", 'column': 'click_id', 'parse': 'id', 'raw': 'click_id'},
            {'type': "'email_sha256'", 'column': 'hashed_email', 'parse': 'sha256', 'raw': 'hashed_email'},
        ],
        'service_tickets': [
            {'type': "'service_ticket_id'", 'column': 'ticket_id', 'parse': 'id', 'raw': 'ticket_id'},
            {'type': "'email'", 'column': 'email', 'parse': 'email', 'raw': 'email'},
            {'type': "'phone'", 'column': 'phone', 'parse': 'phone', 'raw': 'phone'},
        ],
        'pos_loyalty_members': [
            {'type': "'loyalty_id'", 'column': 'loyalty_id', 'parse': 'id', 'raw': 'loyalty_id'},
            {'type': "'email'", 'column': 'email', 'parse': 'email', 'raw': 'email'},
            {'type': "'phone'", 'column': 'phone', 'parse': 'phone', 'raw': 'phone'},
        ],
        'pos_transactions': [
            {'type': "'pos_transaction_id'", 'column': 'transaction_id', 'parse': 'id', 'raw': 'transaction_id'},
            {'type': "'loyalty_id'", 'column': 'loyalty_id', 'parse': 'id', 'raw': 'loyalty_id'},
        ],
        'consent_events': [
            {'type': "'consent_event_id'", 'column': 'consent_event_id', 'parse': 'id', 'raw': 'consent_event_id'},
            {'type': 'subject_type', 'column': 'subject_value', 'parse': 'subject', 'raw': 'subject_value'},
        ],
        'privacy_requests': [
            {'type': "'email'", 'column': 'subject_email', 'parse': 'email', 'raw': 'subject_email'},
            {'type': "'phone'", 'column': 'subject_phone', 'parse': 'phone', 'raw': 'subject_phone'},
        ],
    }) }}
{%- endmacro %}
