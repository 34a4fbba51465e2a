with

links as (
    select * from {{ ref('int_identity__links') }}
),

record_clusters as {{ firstparty.not_materialized() }} (
    select * from {{ ref('int_identity__record_clusters') }}
),

assignments as (
    select * from {{ ref('int_identity__customer_assignments') }}
),

explained_links as (
    select
        links.link_id,
        assignments_a.customer_id,
        clusters_a.source_name as source_name_a,
        clusters_a.source_record_id as source_record_id_a,
        clusters_b.source_name as source_name_b,
        clusters_b.source_record_id as source_record_id_b,
        links.identifier_type,
        links.link_rule,
        links.link_strength,
        links.match_score,
        links.match_evidence,
        case
            when clusters_a.is_in_held_cluster or clusters_b.is_in_held_cluster then 'held'
            when clusters_a.cluster_key = clusters_b.cluster_key then 'applied'
            else 'dropped_by_split'
        end as link_status
    from links
    inner join record_clusters as clusters_a
        on links.record_key_a = clusters_a.record_key
    inner join record_clusters as clusters_b
        on links.record_key_b = clusters_b.record_key
    left join assignments as assignments_a
        on
            links.record_key_a = assignments_a.record_key
            and clusters_a.cluster_key = clusters_b.cluster_key
)

select * from explained_links
