{#- MetricFlow's daily time spine: one row per day from var staging_timestamp_floor (nothing earlier is
    staged) to the day before var metrics_time_spine_end_date. The day count is worked out when the model
    compiles, so the SQL is the same on every adapter. -#}
{%- set first_day = modules.datetime.date.fromisoformat(var('staging_timestamp_floor')[:10]) -%}
{%- set end_day = modules.datetime.date.fromisoformat(var('metrics_time_spine_end_date')[:10]) -%}
{%- set day_count = (end_day - first_day).days -%}
{%- if day_count < 1 -%}
    {{ exceptions.raise_compiler_error(
        "metricflow_time_spine: var metrics_time_spine_end_date (" ~ end_day ~ ") must be after var "
        ~ "staging_timestamp_floor (" ~ first_day ~ ")"
    ) }}
{%- endif -%}

with

day_offsets as (
    select generated_number - 1 as day_offset
    from ({{ dbt.generate_series(day_count) }}) as series
),

days as (
    select
        cast(
            {{ dbt.dateadd('day', 'day_offsets.day_offset', "cast('" ~ first_day ~ "' as date)") }} as date
        ) as date_day
    from day_offsets
)

select * from days
