{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    full_refresh=false,
) }}

{#- What the clean-room partner has been given: every distinct export, append only, kept through
    --full-refresh (it is the record of what was shared). This run's export is the groups of at least k
    people (var clean_room_min_people), each published at its current count and revenue unless its
    count moved by more than 0 and fewer than k people since the latest recorded export: then the
    group is held at the values the partner already has (is_held), because subtracting two exports
    would describe that handful of people. A held group is published again once its count has moved by
    k or more. The export is appended only when it differs from the latest recorded one, so a rebuild
    on unchanged exports, or one whose as_of moved by minutes, appends nothing. clean_room_aggregates is
    the latest recorded export; clean_room_differencing_check proves that no two consecutive exports
    differ by fewer than k people in any group. -#}
{%- set min_people = var('clean_room_min_people') | int %}

with

group_counts as (
    select * from {{ ref('int_clean_room__group_counts') }}
),

k_anonymous_groups as (
    select
        segment_name,
        attribute_name,
        attribute_value,
        people_count,
        cast(net_revenue_amount as decimal(18, 2)) as net_revenue_amount,
        '{{ var("reporting_currency") }}' as revenue_currency
    from group_counts
    where people_count >= {{ min_people }}
),

{#- A history recorded before revenue was part of the export has no revenue columns yet: read as null. -#}
{%- set recorded_columns = ['net_revenue_amount', 'revenue_currency'] %}
{%- if is_incremental() and model.resource_type != 'unit_test' %}
    {%- set recorded_columns = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list %}
{%- endif %}

recorded_exports as (
    {%- if is_incremental() %}
        select
            export_run_id,
            segment_name,
            attribute_name,
            attribute_value,
            people_count,
            {%- for column, type in [('net_revenue_amount', 'decimal(18, 2)'), ('revenue_currency', dbt.type_string())] %}
                {%- if column in recorded_columns %}
                    {{ column }},
                {%- else %}
                    cast(null as {{ type }}) as {{ column }},
                {%- endif %}
            {%- endfor %}
            exported_at
        from {{ this }}
    {%- else %}
        select
            cast(null as {{ dbt.type_string() }}) as export_run_id,
            segment_name,
            attribute_name,
            attribute_value,
            people_count,
            net_revenue_amount,
            revenue_currency,
            cast(null as {{ dbt.type_timestamp() }}) as exported_at
        from k_anonymous_groups
        where 1 = 0
    {%- endif %}
),

recorded_runs as (
    {{ firstparty.clean_room_export_runs('recorded_exports') }}
),

latest_recorded as (
    select recorded_exports.*
    from recorded_exports
    inner join recorded_runs
        on recorded_exports.export_run_id = recorded_runs.export_run_id
    where recorded_runs.recency_rank = 1
),

compared_groups as (
    select
        k_anonymous_groups.*,
        latest_recorded.people_count as recorded_people_count,
        latest_recorded.net_revenue_amount as recorded_net_revenue_amount,
        coalesce(
            abs(k_anonymous_groups.people_count - latest_recorded.people_count) between 1 and {{ min_people - 1 }},
            false
        ) as is_held
    from k_anonymous_groups
    left join latest_recorded
        on
            k_anonymous_groups.segment_name = latest_recorded.segment_name
            and k_anonymous_groups.attribute_name = latest_recorded.attribute_name
            and k_anonymous_groups.attribute_value = latest_recorded.attribute_value
),

this_export as (
    select
        '{{ invocation_id }}' as export_run_id,
        segment_name,
        attribute_name,
        attribute_value,
        case when is_held then recorded_people_count else people_count end as people_count,
        case when is_held then recorded_net_revenue_amount else net_revenue_amount end as net_revenue_amount,
        revenue_currency,
        is_held,
        {{ firstparty.run_started_timestamp() }} as exported_at
    from compared_groups
),

changed_groups as (
    select coalesce(this_export.segment_name, latest_recorded.segment_name) as segment_name
    from this_export
    full outer join latest_recorded
        on
            this_export.segment_name = latest_recorded.segment_name
            and this_export.attribute_name = latest_recorded.attribute_name
            and this_export.attribute_value = latest_recorded.attribute_value
    where
        this_export.segment_name is null
        or latest_recorded.segment_name is null
        or this_export.people_count != latest_recorded.people_count
        or this_export.net_revenue_amount is distinct from latest_recorded.net_revenue_amount
),

new_export as (
    select *
    from this_export
    where exists (select 1 as is_changed from changed_groups)
)

select * from new_export
