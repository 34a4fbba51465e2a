-- Nothing is dropped silently: every staged record is in customer_record_map, or is reported in
-- identity_issues as unmapped (no usable identifier) or held (in a cluster still oversized after
-- the split), and never both.

{{ config(group='identity') }}

with

records as (
    select * from {{ ref('int_identity__records') }}
),

record_map as (
    select * from {{ ref('customer_record_map') }}
),

issues as (
    select * from {{ ref('identity_issues') }}
),

reported_records as (
    select
        source_name,
        source_record_id
    from issues
    where issue_type in ('unmapped_record', 'held_record')
),

record_outcomes as (
    select
        records.record_key,
        count(distinct record_map.customer_id) as customer_count,
        count(reported_records.source_record_id) as report_count
    from records
    left join record_map
        on
            records.source_name = record_map.source_name
            and records.source_record_id = record_map.source_record_id
    left join reported_records
        on
            records.source_name = reported_records.source_name
            and records.source_record_id = reported_records.source_record_id
    group by records.record_key
),

failures as (
    select
        record_key,
        customer_count,
        report_count
    from record_outcomes
    where customer_count + report_count <> 1
)

select * from failures
