{# Generic test: every row must have a granted consent_state row for the same customer, purpose, channel and contact point. #}
{% test has_granted_consent(model) -%}
    with

    members as (
        select * from {{ model }}
    ),

    granted_consent as (
        select * from {{ ref('consent_state') }}
        where status = 'granted'
    )

    select members.*
    from members
    where not exists (
        select 1 as is_granted
        from granted_consent
        where
            granted_consent.customer_id = members.customer_id
            and granted_consent.purpose = members.purpose
            and granted_consent.channel = members.channel
            and granted_consent.contact_point is not distinct from members.contact_point
    )
{%- endtest %}
