{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
) }}

with

aggregates as (
    select * from {{ ref('clean_room_aggregates') }}
),

this_export as (
    select
        '{{ invocation_id }}' as export_run_id,
        segment_name,
        attribute_name,
        attribute_value,
        people_count,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }}) as exported_at
    from aggregates
)

select * from this_export
