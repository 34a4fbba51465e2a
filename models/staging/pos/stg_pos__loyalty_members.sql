with

base as (
    select * from {{ ref('base_pos__loyalty_members') }}
),

governed as (
    -- staged rows, flagged when they carry an erased identifier or are past their retention window
    select
        base.*,
        {{ firstparty.is_erased('pos_loyalty_members', 'base') }} as is_erased,
        {{ firstparty.is_expired('pos_loyalty_members', 'base') }} as is_expired
    from base
    where base.row_status = 'staged'
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
    from governed
    where not is_erased and not is_expired
)

select * from staged
