{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_esp__subscribers') }}
),

staged as (
    select
        subscriber_id,
        email,
        first_name,
        list_name,
        subscriber_status,
        subscribed_at
    from base
    where row_status = 'staged'
)

select * from staged
