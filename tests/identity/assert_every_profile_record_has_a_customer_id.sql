-- Every staged profile record (a CRM contact, shop account, subscriber, loyalty member: a record that
-- describes a person) has a customer_id, alone if nothing links it and alone if its cluster is held.
-- Only records that cannot be a person on their own (an event with no identifier) may lack one.

{{ config(group='identity') }}

with

records as (
    select * from {{ ref('int_identity__records') }}
),

record_map as (
    select * from {{ ref('customer_record_map') }}
),

profile_records as (
    select
        source_name,
        source_record_id
    from records
    where is_profile_record
),

failures as (
    select
        profile_records.source_name,
        profile_records.source_record_id
    from profile_records
    left join record_map
        on
            profile_records.source_name = record_map.source_name
            and profile_records.source_record_id = record_map.source_record_id
    where record_map.customer_id is null
)

select * from failures
