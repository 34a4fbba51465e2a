{# Materialization: the model selects the erasure graph (one row per raw row, its identifiers in slots, and the requested identifiers); the table is an append-only ledger of keyed hashes of what the requests reach. #}
{#
    The model's SQL gives rows of (request_id, source_name, profile_record_key, identifier_type_1,
    identifier_value_1, ..., identifier_type_<n>, identifier_value_<n>): a raw row's identifiers side by
    side (request_id null), or one requested identifier in slot 1 (request_id set). The graph is stored
    once as a work table, each row numbered (`store_work_table`: on DuckDB a compressed in-memory database,
    never the database file) and walked in rounds. A round looks up the identifiers reached in the round before
    (round 1: the requested ones) among every slot of every row, decides for each whether it may link
    (below), reaches the linkable ones, and takes the other identifiers of the rows carrying them into
    the next round, until a round reaches nothing new. Only what a round reached is ever joined to the
    graph, so memory holds the graph (compressed) and the reached identifiers, whatever the size of the
    exports; the number of rounds is the widest distance between an erased person's records.

    An identifier links nothing and is never tombstoned when it is on more than config
    `max_profile_records_per_identifier` profile or contact records (rows with a profile_record_key,
    exact copies counted once: a switchboard phone), when config `blocklist` (the name of a seed or
    model with identifier_type, match_type, blocked_value; macro identity_blocklist_pattern_matches)
    names it, or when it is the SHA-256 (email_sha256) of a blocked email. Both are checked for the
    identifiers a round reaches only, and an identifier found unlinkable is remembered for later rounds.
    Config `max_rounds` (default 50): reaching it with identifiers left is an error, never a partial
    erasure.

    The table keeps every tombstone ever written: new (hash, request) pairs are appended, nothing is
    deleted, and --full-refresh does not rebuild it (the model sets full_refresh: false). Each tombstone
    records the fingerprint of the key that made it (key_fingerprint), so that a build under another key
    can be refused (macro check_tombstone_keys) instead of silently matching nothing.
#}
{% materialization erasure_closure, default %}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set max_rounds = config.get('max_rounds', 50) | int -%}
    {%- set max_profile_records = config.get('max_profile_records_per_identifier') -%}
    {%- set blocklist_name = config.get('blocklist') -%}
    {%- set prefix = 'erasure_work__' ~ this.identifier ~ '__' -%}
    {%- set work = {} -%}
    {%- for name in ['candidates', 'matched', 'reached', 'newly_reached', 'unlinkable', 'next_candidates'] -%}
        {%- do work.update({name: prefix ~ name}) -%}
    {%- endfor -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}
    {%- do create_schema(target_relation.without_identifier()) -%}
    {%- for name in work.values() -%}
        {%- do run_query('drop table if exists ' ~ name) -%}
    {%- endfor -%}

    {#- Each graph row has a number (macro erasure_graph_row): a round finds the rows carrying its candidates
        by reading only the slots it matches on, and then reads those rows alone, by number. Reading every
        identifier of every row in each slot's lookup took twice as long (the matched rows of about
        10,700 identifiers at 100k persons: 0.29-0.34 s against 0.64-0.76). -#}
    {%- set numbered_graph_sql = firstparty.erasure_numbered_graph_sql(sql) -%}
    {%- set graph = firstparty.store_work_table(prefix ~ 'graph', numbered_graph_sql) -%}
    {%- call statement('main') -%}
        select count(*) as graph_rows from {{ graph }}
    {%- endcall -%}
    {%- set slot_numbers = [] -%}
    {%- for column in run_query('select * from ' ~ graph ~ ' where 1 = 0').column_names -%}
        {%- if modules.re.match('identifier_value_[0-9]+$', column | lower) -%}
            {%- do slot_numbers.append(column.split('_') | last | int) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not slot_numbers -%}
        {%- do exceptions.raise_compiler_error('erasure_closure: ' ~ this ~ ' selects no identifier_value_<n> column') -%}
    {%- endif -%}

    {%- set blocklist = ref(blocklist_name) if blocklist_name else none -%}

    {#- The rows carrying a candidate identifier, one per (candidate, row, slot it is in). -#}
    {%- set matched_sql -%}
        with

        probes as (
            select distinct
                identifier_type,
                identifier_value
            from {{ work.candidates }}
        ),

        carrying_rows as (
            {% for slot in slot_numbers -%}
                select
                    probes.identifier_type as probe_type,
                    probes.identifier_value as probe_value,
                    {{ firstparty.erasure_graph_row('graph') }} as graph_row
                from {{ graph }} as graph
                inner join probes
                    on
                        graph.identifier_type_{{ slot }} = probes.identifier_type
                        and graph.identifier_value_{{ slot }} = probes.identifier_value
                where graph.request_id is null
                {% if not loop.last -%}
                    union all
                {% endif -%}
            {%- endfor %}
        )

        select
            carrying_rows.probe_type,
            carrying_rows.probe_value,
            graph.source_name,
            graph.profile_record_key
            {%- for slot in slot_numbers %},
            graph.identifier_type_{{ slot }},
            graph.identifier_value_{{ slot }}
            {%- endfor %}
        from carrying_rows
        inner join {{ graph }} as graph
            on carrying_rows.graph_row = {{ firstparty.erasure_graph_row('graph') }}
    {%- endset -%}

    {#- The candidates that may not link: on too many profile records, blocked, or a blocked email's SHA-256. -#}
    {%- set unlinkable_sql -%}
        with

        probes as (
            select distinct
                probe_type,
                probe_value
            from {{ work.matched }}
        ),

        profile_record_counts as (
            select
                probe_type,
                probe_value,
                count(distinct {{ dbt.concat(['source_name', "':'", 'profile_record_key']) }}) as profile_record_count
            from {{ work.matched }}
            where profile_record_key is not null
            group by probe_type, probe_value
        ),

        emails_beside_digests as (
            {% for slot in slot_numbers -%}
                select
                    probe_value,
                    identifier_value_{{ slot }} as email
                from {{ work.matched }}
                where probe_type = 'email_sha256' and identifier_type_{{ slot }} = 'email'
                {% if not loop.last -%}
                    union
                {% endif -%}
            {%- endfor %}
        ),

        blocked_digests as (
            select distinct probe_value
            from emails_beside_digests
            where
                {{ firstparty.sha256_hex('email') }} = probe_value
                and {{ firstparty.erasure_blocklist_matches("'email'", 'emails_beside_digests.email', blocklist) }}
        )

        select
            probes.probe_type as identifier_type,
            probes.probe_value as identifier_value
        from probes
        left join profile_record_counts
            on
                probes.probe_type = profile_record_counts.probe_type
                and probes.probe_value = profile_record_counts.probe_value
        left join blocked_digests
            on
                probes.probe_type = 'email_sha256'
                and probes.probe_value = blocked_digests.probe_value
        where
            {% if max_profile_records is not none -%}
                coalesce(profile_record_counts.profile_record_count, 0) > {{ max_profile_records | int }} or
            {% endif -%}
            blocked_digests.probe_value is not null
            or {{ firstparty.erasure_blocklist_matches('probes.probe_type', 'probes.probe_value', blocklist) }}
    {%- endset -%}

    {#- Reached: the candidates found in the exports that may link. Next: the other identifiers of their rows. -#}
    {%- set reached_sql -%}
        select distinct
            candidates.request_id,
            candidates.identifier_type,
            candidates.identifier_value
        from {{ work.candidates }} as candidates
        inner join {{ work.matched }} as matched
            on
                candidates.identifier_type = matched.probe_type
                and candidates.identifier_value = matched.probe_value
        where not exists (
            select 1 as is_unlinkable
            from {{ work.unlinkable }} as unlinkable
            where
                unlinkable.identifier_type = candidates.identifier_type
                and unlinkable.identifier_value = candidates.identifier_value
        )
    {%- endset -%}
    {%- set next_candidates_sql -%}
        with

        newly_reached as (
            select
                request_id,
                identifier_type,
                identifier_value
            from {{ work.newly_reached }}
        ),

        identifiers_of_their_rows as (
            {% for slot in slot_numbers -%}
                select
                    newly_reached.request_id,
                    matched.identifier_type_{{ slot }} as identifier_type,
                    matched.identifier_value_{{ slot }} as identifier_value
                from newly_reached
                inner join {{ work.matched }} as matched
                    on
                        newly_reached.identifier_type = matched.probe_type
                        and newly_reached.identifier_value = matched.probe_value
                where matched.identifier_value_{{ slot }} is not null
                {% if not loop.last -%}
                    union
                {% endif -%}
            {%- endfor %}
        )

        select
            request_id,
            identifier_type,
            identifier_value
        from identifiers_of_their_rows
        where
            not exists (
                select 1 as is_reached
                from {{ work.reached }} as reached
                where
                    reached.request_id = identifiers_of_their_rows.request_id
                    and reached.identifier_type = identifiers_of_their_rows.identifier_type
                    and reached.identifier_value = identifiers_of_their_rows.identifier_value
            )
            and not exists (
                select 1 as is_unlinkable
                from {{ work.unlinkable }} as unlinkable
                where
                    unlinkable.identifier_type = identifiers_of_their_rows.identifier_type
                    and unlinkable.identifier_value = identifiers_of_their_rows.identifier_value
            )
    {%- endset -%}

    {#- Round 1's candidates: the requested identifiers. -#}
    {%- set seeds_sql -%}
        select distinct
            request_id,
            identifier_type_1 as identifier_type,
            identifier_value_1 as identifier_value
        from {{ graph }}
        where request_id is not null and identifier_value_1 is not null
    {%- endset -%}
    {%- do run_query(firstparty.create_temporary_table_as(work.candidates, seeds_sql)) -%}
    {%- do run_query(firstparty.create_temporary_table_as(work.reached,
        'select request_id, identifier_type, identifier_value from ' ~ work.candidates ~ ' where 1 = 0')) -%}
    {%- do run_query(firstparty.create_temporary_table_as(work.unlinkable,
        'select identifier_type, identifier_value from ' ~ work.candidates ~ ' where 1 = 0')) -%}

    {%- set state = namespace(rounds=0, candidate_count=run_query('select count(*) from ' ~ work.candidates).rows[0][0] | int) -%}
    {%- for round_number in range(1, max_rounds + 2) -%}
        {%- if state.candidate_count == 0 -%}
            {%- break -%}
        {%- endif -%}
        {%- if round_number > max_rounds -%}
            {%- for name in work.values() -%}
                {%- do run_query('drop table if exists ' ~ name) -%}
            {%- endfor -%}
            {%- do firstparty.drop_work_table(graph) -%}
            {%- do exceptions.raise_compiler_error(
                'erasure_closure: ' ~ this ~ ' still had ' ~ state.candidate_count ~ ' new identifiers after round '
                ~ max_rounds ~ ' (config max_rounds). No tombstone was written: an erasure is never left half done. '
                ~ 'Check identity guards for an identifier shared by very many records, then raise max_rounds.') -%}
        {%- endif -%}
        {%- do run_query(firstparty.create_temporary_table_as(work.matched, matched_sql)) -%}
        {%- do run_query('insert into ' ~ work.unlinkable ~ ' ' ~ unlinkable_sql) -%}
        {%- do run_query(firstparty.create_temporary_table_as(work.newly_reached, reached_sql)) -%}
        {%- do run_query('insert into ' ~ work.reached ~ ' select * from ' ~ work.newly_reached) -%}
        {%- do run_query(firstparty.create_temporary_table_as(work.next_candidates, next_candidates_sql)) -%}
        {%- for name in ['candidates', 'matched', 'newly_reached'] -%}
            {%- do run_query('drop table ' ~ work[name]) -%}
        {%- endfor -%}
        {%- do run_query(firstparty.create_temporary_table_as(work.candidates, 'select * from ' ~ work.next_candidates)) -%}
        {%- do run_query('drop table ' ~ work.next_candidates) -%}
        {%- set state.candidate_count = run_query('select count(*) from ' ~ work.candidates).rows[0][0] | int -%}
        {%- set state.rounds = round_number -%}
        {%- do log('erasure_closure: ' ~ this ~ ' round ' ~ round_number ~ ': '
            ~ state.candidate_count ~ ' identifiers to look up next') -%}
    {%- endfor -%}
    {%- do firstparty.drop_work_table(graph) -%}

    {%- set tombstones_sql -%}
        select distinct
            {{ firstparty.tombstone_hash('identifier_type', 'identifier_value') }} as tombstone_hash,
            identifier_type,
            request_id,
            {{ firstparty.as_of_timestamp() }} as tombstoned_at,
            {{ firstparty.tombstone_key_fingerprint() }} as key_fingerprint
        from {{ work.reached }}
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

{#- True when config `blocklist` (a relation of identifier_type, match_type, blocked_value) names the
    identifier: an exact entry of its type or a pattern (identity_blocklist_pattern_matches); false
    when there is no blocklist. -#}
{% macro erasure_blocklist_matches(type_sql, value_sql, blocklist) -%}
    {%- if blocklist is none -%}
        false
    {%- else -%}
        exists (
            select 1 as is_listed
            from {{ blocklist }} as blocklist
            where
                blocklist.identifier_type = {{ type_sql }}
                and (
                    (blocklist.match_type = 'exact' and blocklist.blocked_value = {{ value_sql }})
                    or {{ firstparty.identity_blocklist_pattern_matches(value_sql) }}
                )
        )
    {%- endif -%}
{%- endmacro %}

{#- The erasure graph's SQL with each row numbered, and the number of a row of the stored graph (aliased
    `relation_alias`). DuckDB numbers a table's rows itself (rowid, a row's place in a table never updated):
    numbering them in the statement (a window over every row) made storing the graph 3.7 -> 5.2 s at 100k
    persons. Elsewhere a column graph_row, numbered in no particular order. -#}
{% macro erasure_numbered_graph_sql(graph_sql) -%}
    {{ return(adapter.dispatch('erasure_numbered_graph_sql', 'firstparty')(graph_sql)) }}
{%- endmacro %}

{% macro default__erasure_numbered_graph_sql(graph_sql) -%}
    select
        {{ firstparty.row_number_in_any_order('source_name, profile_record_key, request_id') }} as graph_row,
        graph_rows.*
    from (
        {{ graph_sql }}
    ) as graph_rows
{%- endmacro %}

{% macro duckdb__erasure_numbered_graph_sql(graph_sql) -%}
    {{ return(graph_sql) }}
{%- endmacro %}

{% macro erasure_graph_row(relation_alias) -%}
    {{ return(adapter.dispatch('erasure_graph_row', 'firstparty')(relation_alias)) }}
{%- endmacro %}

{% macro default__erasure_graph_row(relation_alias) -%}
    {{ relation_alias }}.graph_row
{%- endmacro %}

{% macro duckdb__erasure_graph_row(relation_alias) -%}
    {{ relation_alias }}.rowid
{%- endmacro %}
