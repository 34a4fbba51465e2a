{#- Exports of which more than var retention_expired_share_warning (default one half) of the raw rows are
    past their retention window at as_of. Usually not a policy at work but an as_of that does not fit the
    data: an export taken years ago and built without var as_of ages every row from today, and staging
    silently empties it. The singular test assert_no_export_is_mostly_past_its_retention_window warns,
    naming each export, its share and the vars to set. -#}
{%- set policies = firstparty.retention_policies() %}
{%- set windows = var('retention_days') %}

with

reconciliation as (
    select * from {{ ref('staging_reconciliation') }}
),

expired_shares as (
    select
        source_name,
        case source_name
            {%- for source_name, policy in policies.items() | sort %}
                when '{{ source_name }}' then '{{ policy["class"] }}'
            {%- endfor %}
        end as retention_class,
        case source_name
            {%- for source_name, policy in policies.items() | sort if windows[policy['class']] is not none %}
                when '{{ source_name }}' then {{ windows[policy['class']] | int }}
            {%- endfor %}
        end as retention_days,
        raw_row_count,
        expired_row_count,
        cast(expired_row_count as {{ dbt.type_float() }}) / raw_row_count as expired_row_share,
        {{ firstparty.as_of_timestamp() }} as as_of
    from reconciliation
    where raw_row_count > 0
),

mostly_expired as (
    select *
    from expired_shares
    where expired_row_share > {{ var('retention_expired_share_warning', 0.5) | float }}
)

select * from mostly_expired
