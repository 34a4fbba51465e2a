{#- What the partner is given: the latest export recorded in clean_room_export_history (groups of at
    least k people, small changes held at the previous values). -#}
with

history as (
    select * from {{ ref('clean_room_export_history') }}
),

export_runs as (
    {{ firstparty.clean_room_export_runs('history') }}
),

latest_export as (
    select
        history.segment_name,
        history.attribute_name,
        history.attribute_value,
        history.people_count,
        history.net_revenue_amount,
        history.revenue_currency
    from history
    inner join export_runs
        on history.export_run_id = export_runs.export_run_id
    where export_runs.recency_rank = 1
)

select * from latest_export
