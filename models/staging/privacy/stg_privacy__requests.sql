with

base as (
    select * from {{ ref('base_privacy__requests') }}
),

staged as (
    select
        request_id,
        request_type,
        subject_email,
        subject_phone,
        jurisdiction,
        received_at
    from base
    where row_status = 'staged'
)

select * from staged
