{#- What the partner is given: the latest export recorded in clean_room_export_history (groups of at
    least k people, small changes held at the previous values). -#}
with

history as (
    select * from {{ ref('clean_room_export_history') }}
),

export_runs as (
    select
        export_run_id,
        row_number() over (order by exported_at desc, export_run_id desc) as recency_rank
    from (
        select distinct
            export_run_id,
            exported_at
        from history
    ) as runs
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
