{# Per raw export, the columns besides identifiers that the erasure closure or retention read straight from the raw export. #}
{#
    Same shape as erasure_identifiers' parse specs (`raw` column, `parse`: id, code with its `codes`,
    timestamp). The base_ models select these columns through export_column too, so the closure (web
    purchase times, order times, request types, consent subject types) and order lines' retention see
    exactly what staging sees.
#}
{% macro export_attributes() -%}
    {{ return({
        'web_events': {
            'event_type': {'parse': 'code', 'raw': 'event_type', 'codes': [
                'page_view', 'product_view', 'add_to_cart', 'checkout_started', 'purchase', 'login']},
            'occurred_at': {'parse': 'timestamp', 'raw': 'occurred_at'},
        },
        'shop_orders': {
            'ordered_at': {'parse': 'timestamp', 'raw': 'ordered_at'},
        },
        'privacy_requests': {
            'request_id': {'parse': 'id', 'raw': 'request_id'},
            'request_type': {'parse': 'code', 'raw': 'request_type', 'codes': ['erasure', 'access', 'opt_out']},
        },
        'consent_events': {
            'subject_type': {'parse': 'code', 'raw': 'subject_type', 'codes': [
                'email', 'phone', 'anonymous_id', 'shop_customer_id']},
        },
    }) }}
{%- endmacro %}
