{# Connected components by randomised local contraction until no edge is left (over node numbers); writes (node_id, component_id), returns the round count. #}
{% macro connected_components(
    edges_relation,
    output_relation,
    nodes_relation=none,
    node_a_column='node_a',
    node_b_column='node_b',
    node_id_column='node_id',
    max_rounds=100,
    seed=0,
    rounds_relation=none,
    numbered_nodes=false
) %}
    {#- Parsing renders hooks and models without a database: nothing to run then. -#}
    {%- if not execute -%}
        {{ return(0) }}
    {%- endif -%}

    {%- set string_type = dbt.type_string() -%}
    {%- set prefix = 'cc_work__' ~ output_relation.identifier ~ '__' -%}
    {%- set work = {} -%}
    {%- for name in ['edges', 'edges_next', 'nodes', 'picks', 'picks_next', 'parents', 'roots', 'pendants'] -%}
        {%- do work.update({name: firstparty.connected_components_work_relation(prefix ~ name)}) -%}
    {%- endfor -%}
    {#- The create_schema macro, not adapter.create_schema, which would commit a caller's transaction.
        Its statement opens a transaction if none is open, so all that follows runs in one. -#}
    {%- do create_schema(work.edges.without_identifier()) -%}
    {%- do create_schema(output_relation.without_identifier()) -%}
    {%- for relation in work.values() -%}
        {%- do adapter.drop_relation(relation) -%}
    {%- endfor -%}

    {#- With numbered_nodes the ids are already integers from 0 to 2^31 - 1 (a caller's own numbering, such as
        identity's record numbers): they are their own numbers, and nothing is numbered or joined here. -#}
    {%- set node_type = dbt.type_bigint() if numbered_nodes else string_type -%}
    {#- Every node once, numbered in no particular order (no sort of the ids; numbers are never compared
        with ids); isolated nodes come from the nodes relation. The rounds work on the numbers only: joins
        and groupings on integers instead of text ids (often 32-character keys) are several times cheaper
        and smaller. -#}
    {%- set initial_nodes_sql -%}
        with

        endpoints as (
            select cast({{ node_a_column }} as {{ node_type }}) as node_id
            from {{ edges_relation }}
            union all
            select cast({{ node_b_column }} as {{ node_type }}) as node_id
            from {{ edges_relation }}
            {%- if nodes_relation is not none %}
            union all
            select cast({{ node_id_column }} as {{ node_type }}) as node_id
            from {{ nodes_relation }}
            {%- endif %}
        ),

        distinct_nodes as (
            select distinct node_id
            from endpoints
            where node_id is not null
        )

        select
            node_id,
            {% if numbered_nodes -%}
            node_id as node_number
            {%- else -%}
            {{ firstparty.row_number_in_any_order('node_id') }} as node_number
            {%- endif %}
        from distinct_nodes
    {%- endset -%}

    {#- Each undirected edge once, as node numbers, smaller first; self-loops and half-empty edges link
        nothing. -#}
    {%- set initial_edges_sql -%}
        with

        typed_edges as (
            select
                cast({{ node_a_column }} as {{ node_type }}) as node_a,
                cast({{ node_b_column }} as {{ node_type }}) as node_b
            from {{ edges_relation }}
        ),

        numbered_edges as (
            {%- if numbered_nodes %}
            select
                node_a,
                node_b
            from typed_edges
            where node_a <> node_b
            {%- else %}
            select
                nodes_a.node_number as node_a,
                nodes_b.node_number as node_b
            from typed_edges
            inner join {{ work.nodes }} as nodes_a
                on typed_edges.node_a = nodes_a.node_id
            inner join {{ work.nodes }} as nodes_b
                on typed_edges.node_b = nodes_b.node_id
            where typed_edges.node_a <> typed_edges.node_b
            {%- endif %}
        )

        select distinct
            case when node_a < node_b then node_a else node_b end as node_a,
            case when node_a < node_b then node_b else node_a end as node_b
        from numbered_edges
    {%- endset -%}

    {#- The work edges and each edge's two ends, as CTEs (the start of a with clause). -#}
    {%- set edges_and_endpoints -%}
        edges as (
            select
                node_a,
                node_b
            from {{ work.edges }}
        ),

        endpoints as (
            select node_a as node_id from edges
            union all
            select node_b as node_id from edges
        ),
    {%- endset %}

    {#- Pendant edges: one end (the leaf) has no other edge, the other end has more. A leaf is in its
        neighbour's component, so it is set aside before the rounds (as merged into its neighbour in round
        0) and the rounds contract only the rest: in identity, every event that carries one identifier and
        is not that identifier's anchor is such a leaf, about half of the records at 100k persons. An edge
        whose two ends have no other edge stays (one of them must name the pair). -#}
    {%- set pendant_edges_sql -%}
        with

        {{ edges_and_endpoints }}

        degrees as (
            select
                node_id,
                count(*) as degree
            from endpoints
            group by node_id
        )

        select
            edges.node_a,
            edges.node_b,
            case when degrees_a.degree = 1 then edges.node_a else edges.node_b end as leaf_id,
            case when degrees_a.degree = 1 then edges.node_b else edges.node_a end as parent_id,
            (degrees_a.degree = 1) <> (degrees_b.degree = 1) as is_pendant
        from edges
        inner join degrees as degrees_a
            on edges.node_a = degrees_a.node_id
        inner join degrees as degrees_b
            on edges.node_b = degrees_b.node_id
    {%- endset -%}

    {#- Edges left, and the nodes they touch: the work still to do. -#}
    {%- set remaining_sql -%}
        with

        {{ edges_and_endpoints }}

        edge_counts as (
            select count(*) as edge_count
            from edges
        ),

        node_counts as (
            select count(distinct node_id) as node_count
            from endpoints
        )

        select
            edge_counts.edge_count,
            node_counts.node_count
        from edge_counts
        cross join node_counts
    {%- endset -%}

    {#- Each edge rewritten to the representatives of its ends; merged ends and repeats dropped. -#}
    {%- set contracted_edges_sql -%}
        with

        edges as (
            select
                node_a,
                node_b
            from {{ work.edges }}
        ),

        representatives as (
            select
                node_id,
                picked_id as representative_id
            from {{ work.picks }}
        ),

        rewritten_edges as (
            select
                representatives_a.representative_id as node_a,
                representatives_b.representative_id as node_b
            from edges
            inner join representatives as representatives_a
                on edges.node_a = representatives_a.node_id
            inner join representatives as representatives_b
                on edges.node_b = representatives_b.node_id
        )

        select distinct
            case when node_a < node_b then node_a else node_b end as node_a,
            case when node_a < node_b then node_b else node_a end as node_b
        from rewritten_edges
        where node_a <> node_b
    {%- endset -%}

    {#- One pointer-jumping step over this round's picks: each node takes its pick's pick. -#}
    {%- set jumped_picks_sql -%}
        with

        picks as (
            select
                node_id,
                picked_id
            from {{ work.picks }}
        )

        select
            picks.node_id,
            picks_of_picked.picked_id
        from picks
        inner join picks as picks_of_picked
            on picks.picked_id = picks_of_picked.node_id
    {%- endset -%}

    {#- Picks whose pick picked another node: jumping is not finished while any is left. -#}
    {%- set unsettled_picks_sql -%}
        with

        picks as (
            select
                node_id,
                picked_id
            from {{ work.picks }}
        ),

        unsettled as (
            select picks.node_id
            from picks
            inner join picks as picks_of_picked
                on picks.picked_id = picks_of_picked.node_id
            where picks_of_picked.picked_id <> picks.picked_id
        )

        select count(*) as unsettled_count
        from unsettled
    {%- endset -%}

    {#- This round's merged nodes and where they went; a node is merged once, so each appears once. -#}
    {%- set merged_nodes_sql -%}
        select
            node_id,
            picked_id as parent_id,
            cast(__round_number__ as {{ dbt.type_int() }}) as round_number
        from {{ work.picks }}
        where node_id <> picked_id
    {%- endset -%}

    {%- set state = namespace(rounds=0, edge_count=0, node_count=0, trace=[]) -%}
    {%- do run_query(firstparty.connected_components_create_table_as(work.nodes, initial_nodes_sql)) -%}
    {%- set node_range = run_query(
        'select count(*), min(node_number), max(node_number) from ' ~ work.nodes
    ).rows[0] -%}
    {%- set node_total = node_range[0] | int -%}
    {%- if numbered_nodes and node_total > 0 and (node_range[1] | int < 0 or node_range[2] | int >= 2147483648) -%}
        {%- for relation in work.values() -%}
            {%- do adapter.drop_relation(relation) -%}
        {%- endfor -%}
        {%- do exceptions.raise_compiler_error(
            'connected_components: ' ~ output_relation ~ ' was given numbered nodes from ' ~ node_range[1] ~ ' to '
            ~ node_range[2] ~ '; numbered node ids must lie between 0 and 2147483647.'
        ) -%}
    {%- endif -%}
    {%- if node_total >= 2147483648 -%}
        {%- for relation in work.values() -%}
            {%- do adapter.drop_relation(relation) -%}
        {%- endfor -%}
        {%- do exceptions.raise_compiler_error(
            'connected_components: ' ~ output_relation ~ ' has ' ~ node_total ~ ' nodes; the rounds number nodes '
            ~ 'in 31 bits, so at most 2147483647 nodes are supported.'
        ) -%}
    {%- endif -%}
    {%- do run_query(firstparty.connected_components_create_table_as(work.edges, initial_edges_sql)) -%}
    {%- do run_query(firstparty.connected_components_create_table_as(
        work.parents,
        'select node_number as node_id, node_number as parent_id, cast(0 as ' ~ dbt.type_int()
        ~ ') as round_number from ' ~ work.nodes ~ ' where 1 = 0'
    )) -%}
    {#- The edges with their leaves marked; counted there (the input and its leaves, for the log), the leaves
        go to the parents table and the other edges on to the rounds. -#}
    {%- do run_query(firstparty.connected_components_create_table_as(work.pendants, pendant_edges_sql)) -%}
    {%- set input_counts = run_query(
        'select count(*), count(case when is_pendant then 1 end) from ' ~ work.pendants
    ).rows[0] -%}
    {%- do run_query(
        'insert into ' ~ work.parents ~ ' select leaf_id as node_id, parent_id, cast(0 as '
        ~ dbt.type_int() ~ ') as round_number from ' ~ work.pendants ~ ' where is_pendant'
    ) -%}
    {%- do adapter.drop_relation(work.edges) -%}
    {%- do run_query(firstparty.connected_components_create_table_as(
        work.edges, 'select node_a, node_b from ' ~ work.pendants ~ ' where not is_pendant'
    )) -%}
    {%- do adapter.drop_relation(work.pendants) -%}
    {%- set remaining = run_query(remaining_sql).rows[0] -%}
    {%- set state.edge_count = remaining[0] | int -%}
    {%- set state.node_count = remaining[1] | int -%}
    {%- do state.trace.append([0, state.edge_count, state.node_count]) -%}

    {%- for round_number in range(1, max_rounds + 1) -%}
        {%- if state.edge_count == 0 -%}
            {%- break -%}
        {%- endif -%}
        {#- A multiplier and offset new each round (odd, below 2^31), for the round's hash of node numbers. -#}
        {%- set multiplier = (2654435761 * (round_number + 31 * (seed | int)) + 40503) % 2147483648 -%}
        {%- set multiplier = multiplier - multiplier % 2 + 1 -%}
        {%- set offset = (multiplier * 7919) % 4294967296 -%}
        {%- set hashed = '(node_id * ' ~ multiplier ~ ' + ' ~ offset ~ ')' -%}
        {#- One bigint, unique per node: 10 bits of inverted degree (capped at 1023), 22 bits of the round's
            hash (the high bits of a multiplicative hash mod 2^32), 31 bits of node number. Node numbers stay
            below 2^31 (checked above), so the picked node is the priority mod 2^31. -#}
        {%- set priority_key = '(1023 - least(degree, 1023)) * 9007199254740992 + ('
            ~ hashed ~ ' % 4294967296 - ' ~ hashed ~ ' % 1024) * 2097152 + node_id' -%}

        {#- Every active node picks the node of lowest priority in its closed neighbourhood. The priority
            puts nodes of higher degree first (a hub takes all its leaves in one round), then a hash, new
            each round, with the node number in the low bits so that it is unique. -#}
        {%- set representatives_sql -%}
            with

            edges as (
                select
                    node_a,
                    node_b
                from {{ work.edges }}
            ),

            closed_neighbourhoods as (
                select
                    node_a as node_id,
                    node_b as neighbour_id
                from edges
                union all
                select
                    node_b as node_id,
                    node_a as neighbour_id
                from edges
            ),

            node_degrees as (
                select
                    node_id,
                    count(*) as degree
                from closed_neighbourhoods
                group by node_id
            ),

            node_priorities as (
                select
                    node_id,
                    {{ priority_key }} as priority_key
                from node_degrees
            ),

            lowest_priority_per_node as (
                select
                    neighbourhoods.node_id,
                    min(node_priorities.priority_key) as priority_key
                from (
                    select
                        node_id,
                        neighbour_id
                    from closed_neighbourhoods
                    union all
                    select
                        node_id,
                        node_id as neighbour_id
                    from node_degrees
                ) as neighbourhoods
                inner join node_priorities
                    on neighbourhoods.neighbour_id = node_priorities.node_id
                group by neighbourhoods.node_id
            ),

            picks as (
                select
                    node_id,
                    priority_key % 2147483648 as picked_id
                from lowest_priority_per_node
            )

            select * from picks
        {%- endset -%}

        {%- do run_query(firstparty.connected_components_create_table_as(work.picks, representatives_sql)) -%}
        {#- Picks point to strictly lower priority, so they form trees; jump until every node points at its
            tree's root (the number of jumps grows with the log of the longest pick chain). -#}
        {%- for jump in range(64) -%}
            {%- if (run_query(unsettled_picks_sql).rows[0][0] | int) == 0 -%}
                {%- break -%}
            {%- endif -%}
            {%- do run_query(firstparty.connected_components_create_table_as(work.picks_next, jumped_picks_sql)) -%}
            {%- do adapter.drop_relation(work.picks) -%}
            {%- do adapter.rename_relation(work.picks_next, work.picks) -%}
        {%- endfor -%}
        {%- do run_query(firstparty.connected_components_create_table_as(work.edges_next, contracted_edges_sql)) -%}
        {#- Only the nodes merged this round are written: labels are resolved once, after the last round. -#}
        {%- do run_query(
            'insert into ' ~ work.parents ~ ' ' ~ merged_nodes_sql | replace('__round_number__', round_number | string)
        ) -%}
        {%- do adapter.drop_relation(work.picks) -%}
        {%- do adapter.drop_relation(work.edges) -%}
        {%- do adapter.rename_relation(work.edges_next, work.edges) -%}

        {%- set remaining = run_query(remaining_sql).rows[0] -%}
        {%- set state.rounds = round_number -%}
        {%- set state.edge_count = remaining[0] | int -%}
        {%- set state.node_count = remaining[1] | int -%}
        {%- do state.trace.append([round_number, state.edge_count, state.node_count]) -%}
        {%- do log(
            'connected_components: ' ~ output_relation ~ ' round ' ~ round_number ~ ': '
            ~ state.edge_count ~ ' edges between ' ~ state.node_count ~ ' nodes left'
        ) -%}
    {%- endfor -%}

    {%- if state.edge_count > 0 -%}
        {%- for relation in work.values() -%}
            {%- do adapter.drop_relation(relation) -%}
        {%- endfor -%}
        {%- do exceptions.raise_compiler_error(
            'connected_components: ' ~ output_relation ~ ' did not converge in max_rounds=' ~ max_rounds
            ~ ' rounds (' ~ state.edge_count ~ ' edges between ' ~ state.node_count ~ ' nodes left). '
            ~ 'Rounds grow with log of the graph size, so this points at a bug or a huge graph: '
            ~ 'raise max_rounds only after checking the input.'
        ) -%}
    {%- endif -%}

    {#- Each merged node's root: its parent's root, resolved from the last round back to the first and then
        the leaves (round 0), so that every statement touches only one round's merged nodes (and the roots
        found so far). -#}
    {%- do run_query(firstparty.connected_components_create_table_as(
        work.roots,
        'select node_id, parent_id as root_id from ' ~ work.parents ~ ' where 1 = 0'
    )) -%}
    {%- for round_number in range(state.rounds, -1, -1) -%}
        {%- set roots_of_round_sql -%}
            insert into {{ work.roots }}
            with

            merged_this_round as (
                select
                    node_id,
                    parent_id
                from {{ work.parents }}
                where round_number = {{ round_number }}
            ),

            roots_of_later_rounds as (
                select
                    node_id,
                    root_id
                from {{ work.roots }}
            )

            select
                merged_this_round.node_id,
                coalesce(roots_of_later_rounds.root_id, merged_this_round.parent_id) as root_id
            from merged_this_round
            left join roots_of_later_rounds
                on merged_this_round.parent_id = roots_of_later_rounds.node_id
        {%- endset -%}
        {%- do run_query(roots_of_round_sql) -%}
    {%- endfor -%}

    {#- The component is named by its smallest node id, whatever representative the hashing chose;
        numbers are turned back into ids once, here. -#}
    {%- set output_sql -%}
        with

        nodes as (
            select
                node_id,
                node_number
            from {{ work.nodes }}
        ),

        roots as (
            select
                node_id as node_number,
                root_id as root_number
            from {{ work.roots }}
        ),

        labels as (
            select
                nodes.node_id,
                coalesce(roots.root_number, nodes.node_number) as label_number
            from nodes
            left join roots
                on nodes.node_number = roots.node_number
        ),

        smallest_node_per_label as (
            select
                label_number,
                min(node_id) as component_id
            from labels
            group by label_number
        )

        select
            labels.node_id,
            smallest_node_per_label.component_id
        from labels
        inner join smallest_node_per_label
            on labels.label_number = smallest_node_per_label.label_number
    {%- endset -%}

    {%- set existing_output = adapter.get_relation(
        database=output_relation.database,
        schema=output_relation.schema,
        identifier=output_relation.identifier,
    ) -%}
    {%- if existing_output is not none -%}
        {%- do adapter.drop_relation(existing_output) -%}
    {%- endif -%}
    {%- do run_query(firstparty.connected_components_create_table_as(output_relation, output_sql)) -%}
    {%- for relation in work.values() -%}
        {%- do adapter.drop_relation(relation) -%}
    {%- endfor -%}

    {%- if rounds_relation is not none -%}
        {%- set rounds_sql -%}
            {%- for row in state.trace %}
            select
                cast({{ row[0] }} as {{ dbt.type_int() }}) as round_number,
                cast({{ row[1] }} as {{ dbt.type_bigint() }}) as edge_count,
                cast({{ row[2] }} as {{ dbt.type_bigint() }}) as node_count
            {%- if not loop.last %}
            union all
            {%- endif -%}
            {%- endfor %}
        {%- endset -%}
        {%- set existing_rounds = adapter.get_relation(
            database=rounds_relation.database,
            schema=rounds_relation.schema,
            identifier=rounds_relation.identifier,
        ) -%}
        {%- if existing_rounds is not none -%}
            {%- do adapter.drop_relation(existing_rounds) -%}
        {%- endif -%}
        {%- do run_query(firstparty.connected_components_create_table_as(rounds_relation, rounds_sql)) -%}
    {%- endif -%}

    {%- do log(
        'connected_components: ' ~ output_relation ~ ' converged in ' ~ state.rounds ~ ' rounds ('
        ~ input_counts[0] ~ ' distinct edges, ' ~ input_counts[1]
        ~ ' of them leaves set aside before the rounds)',
        info=True,
    ) -%}
    {{ return(state.rounds) }}
{% endmacro %}
