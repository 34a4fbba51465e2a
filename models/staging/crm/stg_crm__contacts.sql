with

base as (
    select * from {{ ref('base_crm__contacts') }}
),

governed as (
    -- staged rows, flagged when they carry an erased identifier or are past their retention window
    select
        base.*,
        {{ firstparty.is_erased('crm_contacts', 'base') }} as is_erased,
        {{ firstparty.is_expired('crm_contacts', 'base') }} as is_expired
    from base
    where base.row_status = 'staged'
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
    from governed
    where not is_erased and not is_expired
)

select * from staged
