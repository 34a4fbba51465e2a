{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_service__tickets') }}
),

staged as (
    select
        ticket_id,
        email,
        phone,
        contact_channel,
        ticket_category,
        satisfaction_score,
        has_invalid_satisfaction_score,
        has_invalid_email,
        has_invalid_phone,
        opened_at,
        closed_at
    from base
    where row_status = 'staged'
)

select * from staged
