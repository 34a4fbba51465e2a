{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_esp__events') }}
),

staged as (
    select
        email_event_id,
        subscriber_id,
        campaign_id,
        email,
        event_type,
        occurred_at
    from base
    where row_status = 'staged'
)

select * from staged
