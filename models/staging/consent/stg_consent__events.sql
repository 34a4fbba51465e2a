with

base as (
    select * from {{ ref('base_consent__events') }}
),

governed as (
    -- staged rows, flagged when they carry an erased identifier or are past their retention window
    select
        base.*,
        {{ firstparty.is_erased('consent_events', 'base') }} as is_erased,
        {{ firstparty.is_expired('consent_events', 'base') }} as is_expired
    from base
    where base.row_status = 'staged'
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
    from governed
    where not is_erased and not is_expired
)

select * from staged
