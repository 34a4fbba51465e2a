{# run-operation entry: connected components of one graph, or of each graph in `graphs`, from relation names. #}
{% macro run_connected_components(
    edges=none,
    output=none,
    nodes=none,
    node_a_column='node_a',
    node_b_column='node_b',
    node_id_column='node_id',
    max_rounds=100,
    seed=0,
    graphs=none,
    numbered_nodes=false
) %}
    {%- set requests = graphs if graphs is not none else [{'edges': edges, 'output': output, 'nodes': nodes}] -%}
    {%- for request in requests -%}
        {%- if request.get('edges') is none or request.get('output') is none -%}
            {%- do exceptions.raise_compiler_error(
                'run_connected_components: each graph needs `edges` and `output` relation names, got ' ~ request
            ) -%}
        {%- endif -%}
        {%- set output_relation = firstparty.connected_components_relation(request['output']) -%}
        {%- set rounds = firstparty.connected_components(
            edges_relation=firstparty.connected_components_relation(request['edges'], must_exist=true),
            output_relation=output_relation,
            nodes_relation=(
                firstparty.connected_components_relation(request['nodes'], must_exist=true)
                if request.get('nodes') is not none else none
            ),
            node_a_column=request.get('node_a_column', node_a_column),
            node_b_column=request.get('node_b_column', node_b_column),
            node_id_column=request.get('node_id_column', node_id_column),
            max_rounds=request.get('max_rounds', max_rounds),
            seed=request.get('seed', seed),
            rounds_relation=output_relation.incorporate(path={'identifier': output_relation.identifier ~ '__rounds'}),
            numbered_nodes=request.get('numbered_nodes', numbered_nodes),
        ) -%}
        {#- run-operation commits nothing itself; connected_components ran in a transaction it opened. -#}
        {%- do adapter.commit() -%}
        {%- do log('run_connected_components: ' ~ request['output'] ~ ' rounds=' ~ rounds, info=True) -%}
    {%- endfor -%}
{% endmacro %}
