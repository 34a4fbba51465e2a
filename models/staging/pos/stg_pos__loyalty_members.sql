{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_pos__loyalty_members') }}
),

staged as (
    select
        loyalty_id,
        email,
        phone,
        first_name,
        last_name,
        postcode,
        has_invalid_email,
        has_invalid_phone,
        enrolled_at
    from base
    where row_status = 'staged'
)

select * from staged
