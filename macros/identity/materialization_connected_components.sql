{# Materialization: the model selects edges (node_a, node_b; node_b null for a lone node), the table holds (node_id, component_id). #}
{% materialization connected_components, default %}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set intermediate_relation = make_intermediate_relation(target_relation) -%}
    {%- set backup_relation = make_backup_relation(
        target_relation,
        existing_relation.type if existing_relation is not none else 'table',
    ) -%}
    {%- set input_relation = firstparty.connected_components_work_relation('cc_work__' ~ this.identifier ~ '__input') -%}
    {%- set rounds_relation = none -%}
    {%- if config.get('record_rounds', false) -%}
        {%- set rounds_relation = target_relation.incorporate(path={'identifier': this.identifier ~ '__rounds'}) -%}
    {%- endif -%}
    {%- set grant_config = config.get('grants') -%}

    {{ drop_relation_if_exists(intermediate_relation) }}
    {{ drop_relation_if_exists(backup_relation) }}
    {{ drop_relation_if_exists(input_relation) }}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- do create_schema(input_relation.without_identifier()) -%}
    {% call statement('main') -%}
        {{ firstparty.connected_components_create_table_as(input_relation, sql) }}
    {%- endcall %}

    {%- do firstparty.connected_components(
        edges_relation=input_relation,
        output_relation=intermediate_relation,
        node_a_column=config.get('node_a_column', 'node_a'),
        node_b_column=config.get('node_b_column', 'node_b'),
        max_rounds=config.get('max_rounds', 100),
        seed=config.get('seed', 0),
        rounds_relation=rounds_relation,
        numbered_nodes=config.get('numbered_nodes', false),
    ) -%}
    {%- do adapter.drop_relation(input_relation) -%}

    {%- if existing_relation is not none -%}
        {%- do adapter.rename_relation(existing_relation, backup_relation) -%}
    {%- endif -%}
    {%- do adapter.rename_relation(intermediate_relation, target_relation) -%}

    {%- do apply_grants(target_relation, grant_config, should_revoke=should_revoke(existing_relation, full_refresh_mode=true)) -%}
    {%- do persist_docs(target_relation, model) -%}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {{ adapter.commit() }}
    {{ drop_relation_if_exists(backup_relation) }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}

    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
