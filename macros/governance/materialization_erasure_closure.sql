{# Materialization: the model selects the erasure graph (seed and occurrence rows); the table is an append-only ledger of keyed hashes of what the seeds reach. #}
{#
    The model's SQL gives rows of (row_kind, request_id, source_name, row_key, identifier_type,
    identifier_value): 'seed' rows are the identifiers an erasure request names, 'occurrence' rows are the
    linking identifiers each raw row carries. The identifiers and the rows are numbered once, and the
    graph becomes a table of (row number, identifier number) edges: two bigints an occurrence where the
    graph holds wide texts (at 1M persons 80M occurrences: rounds joining the texts spilled and took
    2-5 minutes each). The closure walks the edges in rounds over temporary tables (in memory or the
    temp_directory, never the database file): round 1 reaches the seeds that occur in the exports; each
    later round takes only the identifiers reached in the round before (the frontier), finds the rows
    carrying them and reaches those rows' other identifiers, until a round reaches nothing new; the
    reached numbers are turned back into identifiers once, at the end. The number of rounds is the
    widest distance between an erased person's records (a few). Reaching
    config max_rounds (default 50) with a frontier left is an error, never a partial erasure.

    The table keeps every tombstone ever written: new (hash, request) pairs are appended, nothing is
    deleted, and --full-refresh does not rebuild it (the model sets full_refresh: false). Each tombstone
    records the fingerprint of the key that made it (key_fingerprint), so that a build under another key
    can be refused (macro check_tombstone_keys) instead of silently matching nothing.
#}
{% materialization erasure_closure, default %}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set max_rounds = config.get('max_rounds', 50) | int -%}
    {%- set prefix = 'erasure_work__' ~ this.identifier ~ '__' -%}
    {%- set work = {} -%}
    {%- for name in ['graph', 'identifiers', 'rows', 'edges', 'reached', 'frontier', 'frontier_next'] -%}
        {%- do work.update({name: prefix ~ name}) -%}
    {%- endfor -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}
    {%- do create_schema(target_relation.without_identifier()) -%}
    {%- for name in work.values() -%}
        {%- do run_query('drop table if exists ' ~ name) -%}
    {%- endfor -%}

    {%- call statement('main') -%}
        {{ firstparty.create_temporary_table_as(work.graph, sql) }}
    {%- endcall -%}

    {#- The numbering: each distinct identifier and each distinct row once, then the edges between them. -#}
    {%- set identifiers_sql -%}
        select
            identifier_type,
            identifier_value,
            {{ firstparty.row_numbers('identifier_type, identifier_value') }} as identifier_id
        from (
            select distinct
                identifier_type,
                identifier_value
            from {{ work.graph }}
            where row_kind = 'occurrence'
        ) as distinct_identifiers
    {%- endset -%}
    {%- do run_query(firstparty.create_temporary_table_as(work.identifiers, identifiers_sql)) -%}
    {%- set rows_sql -%}
        select
            source_name,
            row_key,
            {{ firstparty.row_numbers('source_name, row_key') }} as row_id
        from (
            select distinct
                source_name,
                row_key
            from {{ work.graph }}
            where row_kind = 'occurrence'
        ) as distinct_rows
    {%- endset -%}
    {%- do run_query(firstparty.create_temporary_table_as(work.rows, rows_sql)) -%}
    {%- set edges_sql -%}
        select
            numbered_rows.row_id,
            identifiers.identifier_id
        from {{ work.graph }} as occurrences
        inner join {{ work.rows }} as numbered_rows
            on
                occurrences.source_name = numbered_rows.source_name
                and occurrences.row_key = numbered_rows.row_key
        inner join {{ work.identifiers }} as identifiers
            on
                occurrences.identifier_type = identifiers.identifier_type
                and occurrences.identifier_value = identifiers.identifier_value
        where occurrences.row_kind = 'occurrence'
    {%- endset -%}
    {%- do run_query(firstparty.create_temporary_table_as(work.edges, edges_sql)) -%}
    {%- do run_query('drop table ' ~ work.rows) -%}

    {#- Round 1: the requested identifiers that occur in the exports. -#}
    {%- set seeds_sql -%}
        select distinct
            seeds.request_id,
            identifiers.identifier_id
        from {{ work.graph }} as seeds
        inner join {{ work.identifiers }} as identifiers
            on
                seeds.identifier_type = identifiers.identifier_type
                and seeds.identifier_value = identifiers.identifier_value
        where seeds.row_kind = 'seed'
    {%- endset -%}
    {%- do run_query(firstparty.create_temporary_table_as(work.frontier, seeds_sql)) -%}
    {%- do run_query('drop table ' ~ work.graph) -%}
    {%- do run_query(firstparty.create_temporary_table_as(work.reached, 'select * from ' ~ work.frontier)) -%}

    {#- A later round: the rows carrying a frontier identifier, their other identifiers not reached yet. -#}
    {%- set next_frontier_sql -%}
        with

        frontier as (
            select
                request_id,
                identifier_id
            from {{ work.frontier }}
        ),

        edges as (
            select
                row_id,
                identifier_id
            from {{ work.edges }}
        ),

        reached as (
            select
                request_id,
                identifier_id
            from {{ work.reached }}
        ),

        reached_rows as (
            select distinct
                frontier.request_id,
                edges.row_id
            from frontier
            inner join edges
                on frontier.identifier_id = edges.identifier_id
        ),

        identifiers_of_reached_rows as (
            select distinct
                reached_rows.request_id,
                edges.identifier_id
            from reached_rows
            inner join edges
                on reached_rows.row_id = edges.row_id
        )

        select identifiers_of_reached_rows.*
        from identifiers_of_reached_rows
        left join reached
            on
                identifiers_of_reached_rows.request_id = reached.request_id
                and identifiers_of_reached_rows.identifier_id = reached.identifier_id
        where reached.identifier_id is null
    {%- endset -%}

    {%- set state = namespace(rounds=1, frontier_count=run_query('select count(*) from ' ~ work.frontier).rows[0][0] | int) -%}
    {%- do log('erasure_closure: ' ~ this ~ ' round 1: ' ~ state.frontier_count ~ ' requested identifiers found') -%}
    {%- for round_number in range(2, max_rounds + 2) -%}
        {%- if state.frontier_count == 0 -%}
            {%- break -%}
        {%- endif -%}
        {%- if round_number > max_rounds -%}
            {%- for name in work.values() -%}
                {%- do run_query('drop table if exists ' ~ name) -%}
            {%- endfor -%}
            {%- do exceptions.raise_compiler_error(
                'erasure_closure: ' ~ this ~ ' still reached ' ~ state.frontier_count ~ ' new identifiers in round '
                ~ max_rounds ~ ' (config max_rounds). No tombstone was written: an erasure is never left half done. '
                ~ 'Check identity guards for an identifier shared by very many records, then raise max_rounds.') -%}
        {%- endif -%}
        {%- do run_query(firstparty.create_temporary_table_as(work.frontier_next, next_frontier_sql)) -%}
        {%- do run_query('insert into ' ~ work.reached ~ ' select * from ' ~ work.frontier_next) -%}
        {%- do run_query('drop table ' ~ work.frontier) -%}
        {%- do run_query(firstparty.create_temporary_table_as(work.frontier, 'select * from ' ~ work.frontier_next)) -%}
        {%- do run_query('drop table ' ~ work.frontier_next) -%}
        {%- set state.frontier_count = run_query('select count(*) from ' ~ work.frontier).rows[0][0] | int -%}
        {%- set state.rounds = round_number -%}
        {%- do log('erasure_closure: ' ~ this ~ ' round ' ~ round_number ~ ': ' ~ state.frontier_count ~ ' new identifiers') -%}
    {%- endfor -%}

    {%- set tombstones_sql -%}
        with

        reached as (
            select
                reached_numbers.request_id,
                identifiers.identifier_type,
                identifiers.identifier_value
            from {{ work.reached }} as reached_numbers
            inner join {{ work.identifiers }} as identifiers
                on reached_numbers.identifier_id = identifiers.identifier_id
        ),

        tombstones as (
            select distinct
                {{ firstparty.tombstone_hash('identifier_type', 'identifier_value') }} as tombstone_hash,
                identifier_type,
                request_id,
                {{ firstparty.as_of_timestamp() }} as tombstoned_at,
                {{ firstparty.tombstone_key_fingerprint() }} as key_fingerprint
            from reached
        )

        select * from tombstones
    {%- endset -%}

    {%- if existing_relation is none -%}
        {%- do run_query(firstparty.connected_components_create_table_as(target_relation, tombstones_sql)) -%}
    {%- else -%}
        {#- A ledger written before tombstones recorded their key: its tombstones are taken to be made
            with the current key (the key is not changed without this column to tell), and say so. -#}
        {%- if 'key_fingerprint' not in (adapter.get_columns_in_relation(existing_relation)
            | map(attribute='name') | map('lower') | list) -%}
            {%- do run_query('alter table ' ~ target_relation ~ ' add column key_fingerprint '
                ~ dbt.type_string()) -%}
            {%- do run_query('update ' ~ target_relation ~ ' set key_fingerprint = '
                ~ firstparty.tombstone_key_fingerprint()) -%}
            {%- do log('erasure_closure: ' ~ this ~ ' recorded no key fingerprint; its tombstones were '
                ~ 'stamped with the current key\'s (docs/secrets.md)', info=True) -%}
        {%- endif -%}
        {%- set append_sql -%}
            insert into {{ target_relation }} (tombstone_hash, identifier_type, request_id, tombstoned_at, key_fingerprint)
            with

            tombstones as (
                {{ tombstones_sql }}
            )

            select
                tombstones.tombstone_hash,
                tombstones.identifier_type,
                tombstones.request_id,
                tombstones.tombstoned_at,
                tombstones.key_fingerprint
            from tombstones
            where not exists (
                select 1 as is_recorded
                from {{ target_relation }} as recorded
                where
                    recorded.tombstone_hash = tombstones.tombstone_hash
                    and recorded.request_id is not distinct from tombstones.request_id
            )
        {%- endset -%}
        {%- do run_query(append_sql) -%}
    {%- endif -%}
    {%- for name in work.values() -%}
        {%- do run_query('drop table if exists ' ~ name) -%}
    {%- endfor -%}
    {%- do log('erasure_closure: ' ~ this ~ ' closed in ' ~ state.rounds ~ ' rounds', info=True) -%}

    {%- do persist_docs(target_relation, model) -%}
    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {{ adapter.commit() }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}

    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
