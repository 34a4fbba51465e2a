with

history as {{ firstparty.not_materialized() }} (
    select * from {{ ref('clean_room_export_history') }}
),

export_runs as (
    {{ firstparty.clean_room_export_runs('history') }}
),

latest_export as (
    select history.*
    from history
    inner join export_runs
        on history.export_run_id = export_runs.export_run_id
    where export_runs.recency_rank = 1
),

previous_export as (
    select history.*
    from history
    inner join export_runs
        on history.export_run_id = export_runs.export_run_id
    where export_runs.recency_rank = 2
),

compared as (
    select
        latest_export.export_run_id,
        previous_export.export_run_id as previous_export_run_id,
        latest_export.segment_name,
        latest_export.attribute_name,
        latest_export.attribute_value,
        previous_export.people_count as previous_people_count,
        latest_export.people_count,
        abs(latest_export.people_count - previous_export.people_count) as people_count_change
    from latest_export
    inner join previous_export
        on
            latest_export.segment_name = previous_export.segment_name
            and latest_export.attribute_name = previous_export.attribute_name
            and latest_export.attribute_value = previous_export.attribute_value
),

flagged as (
    select
        *,
        people_count_change > 0
        and people_count_change < {{ var('clean_room_min_people') }} as is_differencing_risk
    from compared
)

select * from flagged
