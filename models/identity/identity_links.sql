{#- Each link's two records need only their cluster and whether it is held: the joins carry record keys
    and cluster keys alone, the source names and ids come back from the record keys at the end, and the
    customer comes from the cluster (one customer per cluster that is not held). -#}
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

cluster_customers as (
    select
        cluster_key,
        min(customer_id) as customer_id
    from assignments
    group by cluster_key
),

link_ends as (
    select
        links.link_id,
        links.record_key_a,
        links.record_key_b,
        links.identifier_type,
        links.link_rule,
        links.link_strength,
        links.match_score,
        links.match_evidence,
        ends_a.cluster_key as cluster_key_a,
        case
            when ends_a.is_in_held_cluster or ends_b.is_in_held_cluster then 'held'
            when ends_a.cluster_key = ends_b.cluster_key then 'applied'
            else 'dropped_by_split'
        end as link_status
    from links
    inner join record_clusters as ends_a
        on links.record_key_a = ends_a.record_key
    inner join record_clusters as ends_b
        on links.record_key_b = ends_b.record_key
),

explained_links as (
    select
        link_ends.link_id,
        cluster_customers.customer_id,
        {{ firstparty.identity_record_source_name('link_ends.record_key_a') }} as source_name_a,
        {{ firstparty.identity_record_source_record_id('link_ends.record_key_a') }} as source_record_id_a,
        {{ firstparty.identity_record_source_name('link_ends.record_key_b') }} as source_name_b,
        {{ firstparty.identity_record_source_record_id('link_ends.record_key_b') }} as source_record_id_b,
        link_ends.identifier_type,
        link_ends.link_rule,
        link_ends.link_strength,
        link_ends.match_score,
        link_ends.match_evidence,
        link_ends.link_status
    from link_ends
    left join cluster_customers
        on
            link_ends.cluster_key_a = cluster_customers.cluster_key
            and link_ends.link_status = 'applied'
)

select * from explained_links
