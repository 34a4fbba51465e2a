{# The merge and split ledger entries of the latest run of int_identity__customer_assignments, one per (run, previous id, current id). #}
{#
    `assignments` is the relation holding the assignments (ref('int_identity__customer_assignments') in
    the ledger model, `this` in the assignments model's post-hook). The assignments model's post-hook
    (append_customer_id_ledger_entries) and the ledger model both select through this macro, so the
    entries they write are the same rows.
#}
{% macro customer_id_ledger_entries(assignments) -%}
    with

    assignments as (
        select * from {{ assignments }}
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
    )

    select * from ledger_entries
{%- endmacro %}
