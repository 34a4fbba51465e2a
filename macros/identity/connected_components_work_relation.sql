{# Where connected_components keeps a work table: a temporary table on DuckDB, the target schema elsewhere. #}
{% macro connected_components_work_relation(identifier) -%}
    {{ return(adapter.dispatch('connected_components_work_relation', 'firstparty')(identifier)) }}
{%- endmacro %}

{% macro default__connected_components_work_relation(identifier) -%}
    {{ return(api.Relation.create(
        database=target.get('database'),
        schema=target.schema,
        identifier=identifier,
        type='table',
    )) }}
{%- endmacro %}

{#- DuckDB's temporary tables live in the connection's memory under memory_limit and spill to
    temp_directory: never compressed, written to the database file and freed again, and gone with the
    connection if the run is interrupted. -#}
{% macro duckdb__connected_components_work_relation(identifier) -%}
    {{ return(api.Relation.create(database='temp', schema='main', identifier=identifier, type='table')) }}
{%- endmacro %}
