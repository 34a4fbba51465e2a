{# Every raw export table with its source, key column and base/staging models: what quarantine and reconciliation loop over. #}
{% macro staged_exports() -%}
    {{ return([
        {'source': 'crm', 'table': 'contacts', 'key': 'contact_id', 'entity': 'contacts'},
        {'source': 'shop', 'table': 'customers', 'key': 'shop_customer_id', 'entity': 'customers'},
        {'source': 'shop', 'table': 'orders', 'key': 'order_id', 'entity': 'orders'},
        {'source': 'shop', 'table': 'order_lines', 'key': 'order_line_id', 'entity': 'order_lines'},
        {'source': 'shop', 'table': 'refunds', 'key': 'refund_id', 'entity': 'refunds'},
        {'source': 'esp', 'table': 'subscribers', 'key': 'subscriber_id', 'entity': 'subscribers'},
        {'source': 'esp', 'table': 'events', 'key': 'email_event_id', 'entity': 'events'},
        {'source': 'web', 'table': 'events', 'key': 'web_event_id', 'entity': 'events'},
        {'source': 'ads', 'table': 'clicks', 'key': 'click_id', 'entity': 'clicks'},
        {'source': 'ads', 'table': 'conversions', 'key': 'conversion_id', 'entity': 'conversions'},
        {'source': 'service', 'table': 'tickets', 'key': 'ticket_id', 'entity': 'tickets'},
        {'source': 'pos', 'table': 'loyalty_members', 'key': 'loyalty_id', 'entity': 'loyalty_members'},
        {'source': 'pos', 'table': 'transactions', 'key': 'transaction_id', 'entity': 'transactions'},
        {'source': 'consent', 'table': 'events', 'key': 'consent_event_id', 'entity': 'events'},
        {'source': 'privacy', 'table': 'requests', 'key': 'request_id', 'entity': 'requests'},
    ]) }}
{%- endmacro %}
