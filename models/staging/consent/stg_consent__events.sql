{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_consent__events') }}
),

staged as (
    select
        consent_event_id,
        subject_type,
        subject_value,
        purpose,
        channel,
        decision,
        collection_point,
        decided_at,
        recorded_at
    from base
    where row_status = 'staged'
)

select * from staged
