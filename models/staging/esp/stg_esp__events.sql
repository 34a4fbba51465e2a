with

base as (
    select * from {{ ref('base_esp__events') }}
),

governed as (
    -- staged rows, flagged when they carry an erased identifier or are past their retention window
    select
        base.*,
        {{ firstparty.is_erased('esp_events', 'base') }} as is_erased,
        {{ firstparty.is_expired('esp_events', 'base') }} as is_expired
    from base
    where base.row_status = 'staged'
),

staged as (
    select
        email_event_id,
        subscriber_id,
        campaign_id,
        email,
        event_type,
        occurred_at
    from governed
    where not is_erased and not is_expired
)

select * from staged
