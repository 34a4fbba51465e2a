with

assignments as (
    select * from {{ ref('int_identity__customer_assignments') }}
),

record_map as (
    select
        source_name,
        source_record_id,
        customer_id
    from assignments
)

select * from record_map
