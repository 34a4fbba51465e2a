{# Each recorded clean-room export once, ranked newest first (recency_rank 1 = the latest), from a relation or CTE of export rows. #}
{% macro clean_room_export_runs(export_rows) -%}
    select
        export_run_id,
        exported_at,
        row_number() over (order by exported_at desc, export_run_id desc) as recency_rank
    from (
        select distinct
            export_run_id,
            exported_at
        from {{ export_rows }}
    ) as runs
{%- endmacro %}
