{# Post-hook of int_identity__customer_assignments: the run's ledger entries, written in the same transaction as the new ids. #}
{#
    The assignments model replaces its state each run; a merge or split is visible only in the run that
    made it (previous_customer_id). Writing the ledger entries here, inside the transaction that writes
    the new state, means no run can keep the new ids and lose their ledger entries: a kill rolls both
    back, and a failing test, a partial selection (`--select +int_identity__customer_assignments`) or a
    skipped customer_id_ledger cannot separate them. The ledger model still selects the same entries
    (customer_id_ledger_entries) for a run not yet in it, which creates the table on a first build.
    The ledger's relation is looked up in the graph, not through ref(), which would make a cycle.
#}
{% macro append_customer_id_ledger_entries() -%}
    {%- if execute and model.resource_type == 'model' -%}
        {%- set ledger_node = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
            | selectattr('package_name', 'equalto', project_name)
            | selectattr('name', 'equalto', 'customer_id_ledger') | first -%}
        {%- set ledger = adapter.get_relation(
            database=ledger_node.database, schema=ledger_node.schema, identifier=ledger_node.alias) -%}
        {%- set entries_sql = firstparty.customer_id_ledger_entries(this) -%}
        {%- if ledger is not none -%}
            insert into {{ ledger }} (
                ledger_entry_id, previous_customer_id, current_customer_id, change_type, change_reason,
                record_count, changed_at, run_id
            )
            select
                entries.ledger_entry_id,
                entries.previous_customer_id,
                entries.current_customer_id,
                entries.change_type,
                entries.change_reason,
                entries.record_count,
                entries.changed_at,
                entries.run_id
            from ({{ entries_sql }}) as entries
            where entries.run_id not in (select recorded.run_id from {{ ledger }} as recorded)
        {%- elif run_query('select count(*) as entry_count from (' ~ entries_sql ~ ') as entries').rows[0][0] > 0 -%}
            {#- No ledger yet, but this run retired or split ids (the assignments were built before the
                ledger ever was): create it with them rather than lose them. -#}
            {%- do create_schema(api.Relation.create(database=ledger_node.database, schema=ledger_node.schema)) -%}
            create table {{ api.Relation.create(
                database=ledger_node.database, schema=ledger_node.schema, identifier=ledger_node.alias) }} as
            {{ entries_sql }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
