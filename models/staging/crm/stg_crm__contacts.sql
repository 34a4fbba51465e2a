{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_crm__contacts') }}
),

staged as (
    select
        contact_id,
        loyalty_id,
        email,
        phone,
        first_name,
        last_name,
        street_address,
        postcode,
        city,
        country_code,
        has_invalid_email,
        has_invalid_phone,
        has_invalid_country,
        has_invalid_birth_date,
        birth_date,
        created_at,
        updated_at
    from base
    where row_status = 'staged'
)

select * from staged
