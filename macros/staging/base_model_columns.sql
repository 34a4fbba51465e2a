{#- Generated from the base_ models' yml (tests_py/test_portability.py keeps them equal): the documented
    columns of every base_ model, in yml order. default__governed_rows lists them when the graph does not
    have the model: dbt gives unit tests no graph, and engines without DuckDB's COLUMNS(* EXCLUDE ...)
    (Postgres) need the list to write the erasure stubs. -#}
{% macro base_model_columns() -%}
    {{ return({
        'base_ads__clicks': [
            'click_id', 'anonymous_id', 'campaign_id', 'ad_platform', 'currency', 'cost_amount',
            'cost_amount_text', 'used_third_party_cookies', 'clicked_at', 'raw_row_hash', 'quarantine_reason',
            'quarantine_column', 'row_status',
        ],
        'base_ads__conversions': [
            'conversion_id', 'click_id', 'hashed_email', 'currency', 'conversion_value',
            'conversion_value_text', 'used_third_party_cookies', 'hashed_email_text', 'converted_at',
            'raw_row_hash', 'has_invalid_hashed_email', 'quarantine_reason', 'quarantine_column',
            'row_status',
        ],
        'base_consent__events': [
            'consent_event_id', 'subject_type', 'subject_value', 'purpose', 'channel', 'decision',
            'collection_point', 'decided_at', 'recorded_at', 'raw_row_hash', 'quarantine_reason',
            'quarantine_column', 'row_status',
        ],
        'base_crm__contacts': [
            'contact_id', 'loyalty_id', 'email', 'phone', 'first_name', 'last_name', 'street_address',
            'postcode', 'city', 'country_code', 'birth_date', 'created_at', 'updated_at', 'email_text',
            'phone_text', 'country_text', 'birth_date_text', 'created_at_text', 'raw_row_hash',
            'has_invalid_email', 'has_invalid_phone', 'has_invalid_country', 'has_invalid_birth_date',
            'quarantine_reason', 'quarantine_column', 'row_status',
        ],
        'base_esp__events': [
            'email_event_id', 'subscriber_id', 'campaign_id', 'email', 'event_type', 'occurred_at',
            'raw_row_hash', 'quarantine_reason', 'quarantine_column', 'row_status',
        ],
        'base_esp__subscribers': [
            'subscriber_id', 'email', 'first_name', 'list_name', 'subscriber_status', 'subscribed_at',
            'raw_row_hash', 'quarantine_reason', 'quarantine_column', 'row_status',
        ],
        'base_pos__loyalty_members': [
            'loyalty_id', 'email', 'phone', 'first_name', 'last_name', 'postcode', 'email_text', 'phone_text',
            'enrolled_at', 'raw_row_hash', 'has_invalid_email', 'has_invalid_phone', 'quarantine_reason',
            'quarantine_column', 'row_status',
        ],
        'base_pos__transactions': [
            'transaction_id', 'loyalty_id', 'store_id', 'currency', 'total_amount', 'total_amount_text',
            'transacted_at', 'raw_row_hash', 'quarantine_reason', 'quarantine_column', 'row_status',
        ],
        'base_privacy__requests': [
            'request_id', 'request_type', 'subject_email', 'subject_phone', 'jurisdiction', 'received_at',
            'raw_row_hash', 'quarantine_reason', 'quarantine_column', 'is_subject_erased', 'row_status',
        ],
        'base_service__tickets': [
            'ticket_id', 'email', 'phone', 'contact_channel', 'ticket_category', 'satisfaction_score',
            'satisfaction_score_text', 'email_text', 'phone_text', 'opened_at', 'closed_at', 'closed_at_text',
            'raw_row_hash', 'has_invalid_satisfaction_score', 'has_invalid_email', 'has_invalid_phone',
            'quarantine_reason', 'quarantine_column', 'row_status',
        ],
        'base_shop__customers': [
            'shop_customer_id', 'email', 'phone', 'first_name', 'last_name', 'country_code', 'created_at',
            'email_text', 'phone_text', 'country_text', 'raw_row_hash', 'has_invalid_email',
            'has_invalid_phone', 'has_invalid_country', 'quarantine_reason', 'quarantine_column',
            'row_status',
        ],
        'base_shop__order_lines': [
            'order_line_id', 'order_id', 'product_sku', 'product_category', 'quantity', 'unit_price',
            'unit_price_text', 'raw_row_hash', 'quarantine_reason', 'quarantine_column', 'row_status',
        ],
        'base_shop__orders': [
            'order_id', 'shop_customer_id', 'checkout_email', 'currency', 'order_status', 'total_amount',
            'total_amount_text', 'checkout_email_text', 'ordered_at', 'raw_row_hash',
            'has_invalid_checkout_email', 'quarantine_reason', 'quarantine_column', 'row_status',
        ],
        'base_shop__refunds': [
            'refund_id', 'order_id', 'refund_reason', 'currency', 'refund_amount', 'refund_amount_text',
            'refunded_at', 'raw_row_hash', 'quarantine_reason', 'quarantine_column', 'row_status',
        ],
        'base_web__events': [
            'web_event_id', 'anonymous_id', 'user_id', 'session_id', 'event_type', 'page_path', 'utm_source',
            'utm_medium', 'utm_campaign', 'email_subscriber_id', 'device_type', 'gpc_signal',
            'gpc_enabled_text', 'occurred_at', 'raw_row_hash', 'is_gpc_enabled', 'has_invalid_gpc_flag',
            'quarantine_reason', 'quarantine_column', 'row_status',
        ],
    }) }}
{%- endmacro %}
