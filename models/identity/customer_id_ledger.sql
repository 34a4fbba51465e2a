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
    systems can follow an old id to the current one.

    The entries are written by int_identity__customer_assignments' post-hook, in the transaction that
    writes the new ids (macro append_customer_id_ledger_entries), so a run that stops after the
    assignments cannot lose them. This model selects the same entries (customer_id_ledger_entries) and
    appends those of a run not recorded yet: on a first build it creates the table. -#}
with

ledger_entries as (
    {{ firstparty.customer_id_ledger_entries(ref('int_identity__customer_assignments')) }}
),

new_entries as (
    select * from ledger_entries
    {%- if is_incremental() %}
    where run_id not in (select recorded.run_id from {{ this }} as recorded)
    {%- endif %}
)

select * from new_entries
