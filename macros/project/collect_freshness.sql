{# dbt source freshness, measured at as_of: the newest parsable load or event time of an export against as_of. #}
{#
    Overrides dbt's default__collect_freshness for every adapter. The raw landing tables hold text as
    exported, so loaded_at_field (a column name, sources yml) is parsed with parse_timestamp_utc, as
    staging parses it; a time later than as_of + var staging_future_tolerance_hours (quarantined by
    staging as timestamp_after_as_of, such as a 9999-12-31 placeholder) does not count, so it cannot
    make a stale export look fresh. The age is measured at as_of (macro as_of_timestamp: var as_of, the
    demo's demo_as_of on the seeds, else the run's start), not the database clock: the demo snapshot
    taken at 2026-06-30 is fresh at its own as_of, and a run with as_of unset measures against now.
#}
{% macro default__collect_freshness(source, loaded_at_field, filter) -%}
    {%- call statement('collect_freshness', fetch_result=True, auto_begin=False) -%}
        with

        loaded_times as (
            select {{ firstparty.parse_timestamp_utc(loaded_at_field) }} as loaded_at
            from {{ source }}
            {%- if filter %}
                where {{ filter }}
            {%- endif %}
        )

        select
            max(loaded_at) as max_loaded_at,
            {{ firstparty.as_of_timestamp() }} as snapshotted_at
        from loaded_times
        where
            loaded_at
            <= {{ dbt.dateadd('hour', var('staging_future_tolerance_hours'), firstparty.as_of_timestamp()) }}
    {%- endcall -%}
    {{ return(load_result('collect_freshness')) }}
{%- endmacro %}
