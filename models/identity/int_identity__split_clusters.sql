{{ config(materialized='connected_components', record_rounds=true, numbered_nodes=true) }}

{# The documented rule for an oversized cluster, or one with conflicting person keys: split it at its
    weakest links. Its records are re-clustered over their strong links only (issued keys and record
    references); shared contact points, email click-throughs, probabilistic and purchase-time links inside it
    are dropped. Holds no rows when no cluster needs a split. Nodes are record numbers, as in
    int_identity__clusters. #}
with

links as (
    select * from {{ ref('int_identity__links') }}
),

clusters as (
    select * from {{ ref('int_identity__clusters') }}
),

cluster_sizes as (
    select * from {{ ref('int_identity__cluster_sizes') }}
),

oversized_records as (
    select clusters.node_id as record_number
    from clusters
    inner join cluster_sizes
        on clusters.component_id = cluster_sizes.cluster_key
    where cluster_sizes.needs_split
),

edges as (
    select
        links.record_number_a as node_a,
        links.record_number_b as node_b
    from links
    inner join oversized_records
        on links.record_number_a = oversized_records.record_number
    where links.link_strength = 'strong'
    union all
    select
        record_number as node_a,
        cast(null as {{ dbt.type_bigint() }}) as node_b
    from oversized_records
)

select * from edges
