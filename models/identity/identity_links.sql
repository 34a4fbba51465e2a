{#- Each link's two records need only their cluster and whether it is held: the links' ends are record
    numbers (doc identity_record_number), joined to the records' clusters by number; each end brings back
    its export and id, from which the link gets its stable link_id (md5 of rule, both record keys and
    identifier key; a record key is its export and id, macro identity_record_key); the customer comes from
    the cluster, by its number (one customer per cluster that is not held). The ends do not read the
    record's text key: the two joins build hash tables of every record (28.6M at 1M persons), each
    holding only the columns its end reads, and the key made them spill; without it the model took
    50.8-54.6 s instead of 56.4-57.9 s alone at 1M (docs/scale.md). -#}
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

{# A cluster's customer by the cluster's number: the customer of its key record (the record the
    cluster is named after, whose number is the cluster's, and which every cluster that is not held
    keeps), one row per cluster on both sides of the join. Grouping every assignment by the cluster's
    text key, and carrying that key in the ends' join, held two more text columns of every record. #}
cluster_customers as (
    select
        record_clusters.cluster_number,
        assignments.customer_id
    from assignments
    inner join record_clusters
        on assignments.record_key = record_clusters.record_key
    where
        assignments.record_key = assignments.cluster_key
        and record_clusters.record_number = record_clusters.cluster_number
),

link_ends as (
    select
        links.link_rule,
        links.identifier_key,
        {{ firstparty.identity_record_key('ends_a.source_name', 'ends_a.source_record_id') }} as record_key_a,
        ends_a.source_name as source_name_a,
        ends_a.source_record_id as source_record_id_a,
        {{ firstparty.identity_record_key('ends_b.source_name', 'ends_b.source_record_id') }} as record_key_b,
        ends_b.source_name as source_name_b,
        ends_b.source_record_id as source_record_id_b,
        links.identifier_type,
        links.link_strength,
        links.match_score,
        links.match_evidence,
        ends_a.cluster_number as cluster_number_a,
        case
            when ends_a.is_in_held_cluster or ends_b.is_in_held_cluster then 'held'
            when ends_a.cluster_number = ends_b.cluster_number then 'applied'
            else 'dropped_by_split'
        end as link_status
    from links
    inner join record_clusters as ends_a
        on links.record_number_a = ends_a.record_number
    inner join record_clusters as ends_b
        on links.record_number_b = ends_b.record_number
),

explained_links as (
    select
        {{ dbt.hash(dbt.concat([
            'link_ends.link_rule', "'|'", 'link_ends.record_key_a', "'|'", 'link_ends.record_key_b', "'|'",
            "coalesce(link_ends.identifier_key, '')",
        ])) }} as link_id,
        cluster_customers.customer_id,
        link_ends.source_name_a,
        link_ends.source_record_id_a,
        link_ends.source_name_b,
        link_ends.source_record_id_b,
        link_ends.identifier_type,
        link_ends.link_rule,
        link_ends.link_strength,
        link_ends.match_score,
        link_ends.match_evidence,
        link_ends.link_status
    from link_ends
    left join cluster_customers
        on
            link_ends.cluster_number_a = cluster_customers.cluster_number
            and link_ends.link_status = 'applied'
)

select * from explained_links
