with

base as (
    select * from {{ ref('base_service__tickets') }}
),

governed as (
    -- staged rows, flagged when they carry an erased identifier or are past their retention window
    select
        base.*,
        {{ firstparty.is_erased('service_tickets', 'base') }} as is_erased,
        {{ firstparty.is_expired('service_tickets', 'base') }} as is_expired
    from base
    where base.row_status = 'staged'
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
    from governed
    where not is_erased and not is_expired
)

select * from staged
