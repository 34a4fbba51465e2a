{#- Every customer who opted out of the sale or sharing of their data: a Global Privacy Control signal
    from any browser or device in their cluster, or an opt-out request. One signal opts the whole
    cluster out, so two profiles that identity merges are opted out together when only one of them
    sent the signal. -#}
with

web_events as (
    select * from {{ ref('stg_web__events') }}
),

privacy_requests as (
    select * from {{ ref('stg_privacy__requests') }}
),

record_map as (
    select * from {{ ref('customer_record_map') }}
),

signals as (
    select
        'web_events' as source_name,
        web_event_id as source_record_id,
        'gpc_signal' as opt_out_reason,
        occurred_at as signalled_at
    from web_events
    where is_gpc_enabled
    union all
    select
        'privacy_requests' as source_name,
        request_id as source_record_id,
        'opt_out_request' as opt_out_reason,
        received_at as signalled_at
    from privacy_requests
    where request_type = 'opt_out'
),

customer_signals as (
    select
        record_map.customer_id,
        signals.opt_out_reason,
        signals.signalled_at
    from signals
    inner join record_map
        on
            signals.source_name = record_map.source_name
            and signals.source_record_id = record_map.source_record_id
),

opt_outs as (
    select
        customer_id,
        min(signalled_at) as opted_out_at,
        min(signalled_at) filter (where opt_out_reason = 'gpc_signal') as first_gpc_signal_at,
        min(signalled_at) filter (where opt_out_reason = 'opt_out_request') as first_opt_out_request_at
    from customer_signals
    group by customer_id
)

select * from opt_outs
