with

base as (
    select * from {{ ref('base_web__events') }}
),

governed as (
    -- staged rows, flagged when they carry an erased identifier or are past their retention window
    select
        base.*,
        {{ firstparty.is_erased('web_events', 'base') }} as is_erased,
        {{ firstparty.is_expired('web_events', 'base') }} as is_expired
    from base
    where base.row_status = 'staged'
),

staged as (
    select
        web_event_id,
        anonymous_id,
        user_id,
        session_id,
        event_type,
        page_path,
        utm_source,
        utm_medium,
        utm_campaign,
        email_subscriber_id,
        device_type,
        is_gpc_enabled,
        has_invalid_gpc_flag,
        occurred_at
    from governed
    where not is_erased and not is_expired
)

select * from staged
