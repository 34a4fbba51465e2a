{#- Every email address and phone number each customer is known by in the staged records, and every
    one a consent decision was made for: the contact points consent_state gives a status for. -#}
{%- set carried = [
    ('stg_crm__contacts', 'crm_contacts', 'contact_id', 'email', 'email'),
    ('stg_crm__contacts', 'crm_contacts', 'contact_id', 'phone', 'phone'),
    ('stg_shop__customers', 'shop_customers', 'shop_customer_id', 'email', 'email'),
    ('stg_shop__customers', 'shop_customers', 'shop_customer_id', 'phone', 'phone'),
    ('stg_shop__orders', 'shop_orders', 'order_id', 'email', 'checkout_email'),
    ('stg_esp__subscribers', 'esp_subscribers', 'subscriber_id', 'email', 'email'),
    ('stg_service__tickets', 'service_tickets', 'ticket_id', 'email', 'email'),
    ('stg_service__tickets', 'service_tickets', 'ticket_id', 'phone', 'phone'),
    ('stg_pos__loyalty_members', 'pos_loyalty_members', 'loyalty_id', 'email', 'email'),
    ('stg_pos__loyalty_members', 'pos_loyalty_members', 'loyalty_id', 'phone', 'phone'),
] -%}

with

record_map as (
    select * from {{ ref('customer_record_map') }}
),

decisions as (
    select * from {{ ref('int_governance__consent_decisions') }}
),

{% for model_name in carried | map(attribute=0) | unique -%}
    {{ model_name }} as (
        select * from {{ ref(model_name) }}
    ),

{% endfor -%}

carried_contact_points as (
    {% for model_name, source_name, key_column, contact_point_type, column in carried -%}
        select
            '{{ source_name }}' as source_name,
            {{ key_column }} as source_record_id,
            '{{ contact_point_type }}' as contact_point_type,
            {{ column }} as contact_point
        from {{ model_name }}
        where {{ column }} is not null
        {% if not loop.last -%}
            union all
        {% endif -%}
    {%- endfor %}
),

contact_points as (
    select
        record_map.customer_id,
        carried_contact_points.contact_point_type,
        carried_contact_points.contact_point
    from carried_contact_points
    inner join record_map
        on
            carried_contact_points.source_name = record_map.source_name
            and carried_contact_points.source_record_id = record_map.source_record_id
    union
    select
        customer_id,
        contact_point_type,
        contact_point
    from decisions
    where contact_point is not null
)

select * from contact_points
