{#- Every email address and phone number each customer is known by in the staged records, and every
    one a consent decision was made for: the contact points consent_state gives a status for. -#}
with

record_map as (
    select * from {{ ref('customer_record_map') }}
),

decisions as (
    select * from {{ ref('int_governance__consent_decisions') }}
),

{{ firstparty.export_import_ctes(firstparty.export_registry() | selectattr('contact_points') | list) -}}
{#- The contact points of the exports' records (macro contact_point_records, from the export registry). -#}
carried_contact_points as (
    {{- firstparty.contact_point_records() }}
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
