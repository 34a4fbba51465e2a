with

subscribers as (
    select * from {{ ref('stg_esp__subscribers') }}
),

email_events as (
    select * from {{ ref('stg_esp__events') }}
),

suppression_signals as (
    select
        email as contact_point,
        'subscriber_' || subscriber_status as suppression_reason,
        subscribed_at as signalled_at
    from subscribers
    where subscriber_status in ('unsubscribed', 'cleaned')

    union all

    select
        email as contact_point,
        'email_' || event_type as suppression_reason,
        occurred_at as signalled_at
    from email_events
    where event_type in ('unsubscribe', 'bounce')
),

suppressions as (
    select
        'email' as channel,
        'email' as contact_point_type,
        contact_point,
        min(suppression_reason) as suppression_reason,
        min(signalled_at) as first_signalled_at
    from suppression_signals
    where contact_point is not null
    group by 1, 2, 3
)

select * from suppressions
