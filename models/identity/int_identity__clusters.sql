{{ config(materialized='connected_components', record_rounds=true, numbered_nodes=true) }}

{# Clusters: connected components of the mapped records over every link, computed in SQL by the
    connected_components materialization (rounds grow with the log of the graph's size; the count is
    logged and written to int_identity__clusters__rounds). Each mapped record is also listed alone so
    that a record without links is its own cluster. Nodes are record numbers (doc identity_record_number), so
    the materialization numbers nothing (numbered_nodes) and a component is named by its smallest record
    number, the number of its smallest record key. #}
with

links as (
    select * from {{ ref('int_identity__links') }}
),

record_coverage as (
    select * from {{ ref('int_identity__record_coverage') }}
),

edges as (
    select
        record_number_a as node_a,
        record_number_b as node_b
    from links
    union all
    select
        record_number as node_a,
        cast(null as {{ dbt.type_bigint() }}) as node_b
    from record_coverage
    where is_mapped
)

select * from edges
