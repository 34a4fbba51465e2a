{# Which retention class each raw export belongs to, and which timestamp ages its rows. #}
{#
    The windows are var retention_days (days per class, null: kept while the source exports the row).
    `column` is the export's timestamp in its base_ model; an export without a timestamp of its own
    names a `parent` instead (the parent export, key and timestamp, read from the raw export through
    export_column): an order line ages with its order.
#}
{% macro retention_policies() -%}
    {{ return({
        'crm_contacts': {'class': 'customer_profiles', 'column': 'updated_at'},
        'shop_customers': {'class': 'account_records', 'column': 'created_at'},
        'shop_orders': {'class': 'transactions', 'column': 'ordered_at'},
        'shop_order_lines': {'class': 'transactions', 'parent': {
            'export': 'shop_orders', 'key': 'order_id', 'column': 'ordered_at'}},
        'shop_refunds': {'class': 'transactions', 'column': 'refunded_at'},
        'esp_subscribers': {'class': 'account_records', 'column': 'subscribed_at'},
        'esp_events': {'class': 'behavioural_events', 'column': 'occurred_at'},
        'web_events': {'class': 'behavioural_events', 'column': 'occurred_at'},
        'ads_clicks': {'class': 'behavioural_events', 'column': 'clicked_at'},
        'ads_conversions': {'class': 'behavioural_events', 'column': 'converted_at'},
        'service_tickets': {'class': 'service_interactions', 'column': 'opened_at'},
        'pos_loyalty_members': {'class': 'account_records', 'column': 'enrolled_at'},
        'pos_transactions': {'class': 'transactions', 'column': 'transacted_at'},
        'consent_events': {'class': 'consent_records', 'column': 'decided_at'},
        'privacy_requests': {'class': 'privacy_requests', 'column': 'received_at'},
    }) }}
{%- endmacro %}
