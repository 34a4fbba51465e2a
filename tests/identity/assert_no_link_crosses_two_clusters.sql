-- After convergence no link crosses two clusters: both ends of every link are in one connected
-- component, and both ends of every strong link inside an oversized cluster are in one component
-- of the split.

{{ config(group='identity') }}

with

links as {{ firstparty.not_materialized() }} (
    select * from {{ ref('int_identity__links') }}
),

clusters as {{ firstparty.not_materialized() }} (
    select * from {{ ref('int_identity__clusters') }}
),

split_clusters as {{ firstparty.not_materialized() }} (
    select * from {{ ref('int_identity__split_clusters') }}
),

links_across_clusters as (
    select
        'clusters' as clustering,
        links.link_rule,
        links.record_number_a,
        links.record_number_b,
        clusters_a.component_id as component_a,
        clusters_b.component_id as component_b
    from links
    inner join clusters as clusters_a
        on links.record_number_a = clusters_a.node_id
    inner join clusters as clusters_b
        on links.record_number_b = clusters_b.node_id
    where clusters_a.component_id <> clusters_b.component_id
),

strong_links_across_split_clusters as (
    select
        'split_clusters' as clustering,
        links.link_rule,
        links.record_number_a,
        links.record_number_b,
        split_a.component_id as component_a,
        split_b.component_id as component_b
    from links
    inner join split_clusters as split_a
        on links.record_number_a = split_a.node_id
    inner join split_clusters as split_b
        on links.record_number_b = split_b.node_id
    where
        links.link_strength = 'strong'
        and split_a.component_id <> split_b.component_id
),

failures as (
    select * from links_across_clusters
    union all
    select * from strong_links_across_split_clusters
)

select * from failures
