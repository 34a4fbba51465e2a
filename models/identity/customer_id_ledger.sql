{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        full_refresh=false,
        on_schema_change='fail',
    )
}}

{#- Every change of a record's customer_id, one row per run, previous id and current id: a merge (the
    previous id was retired into the surviving one) or a split (records left the previous id, which
    lives on). Appended run after run and kept through `dbt build --full-refresh`, so downstream
    systems can follow an old id to the current one. -#}
with

assignments as (
    select * from {{ ref('int_identity__customer_assignments') }}
),

changed_assignments as (
    select
        previous_customer_id,
        customer_id,
        assignment_change,
        assignment_run_id,
        assigned_at,
        count(*) as record_count
    from assignments
    where assignment_change in ('merged', 'split_off')
    group by previous_customer_id, customer_id, assignment_change, assignment_run_id, assigned_at
),

ledger_entries as (
    select
        {{ dbt.hash(dbt.concat([
            'assignment_run_id', "'|'", 'previous_customer_id', "'|'", 'customer_id',
        ])) }} as ledger_entry_id,
        previous_customer_id,
        customer_id as current_customer_id,
        case assignment_change when 'merged' then 'merge' else 'split' end as change_type,
        case assignment_change
            when 'merged'
                then 'its cluster was linked to the cluster of the current id, whose earliest record was seen first'
            else 'these records are no longer linked to the earliest record of the previous id'
        end as change_reason,
        record_count,
        assigned_at as changed_at,
        assignment_run_id as run_id
    from changed_assignments
    {%- if is_incremental() %}
    where assignment_run_id not in (select run_id from {{ this }})
    {%- endif %}
)

select * from ledger_entries
