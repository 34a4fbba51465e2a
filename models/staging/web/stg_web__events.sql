{{ config(materialized='view') }}

with

base as (
    select * from {{ ref('base_web__events') }}
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
    from base
    where row_status = 'staged'
)

select * from staged
