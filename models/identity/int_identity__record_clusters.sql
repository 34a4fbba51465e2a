{#- The final cluster of every mapped record: its connected component, or for a record of an oversized
    cluster its component after the split. A cluster still over the size limit after the split is
    held: its links are not trusted, so each of its profile records stands alone as a customer of its
    own, and its other records (events, orders: no person on their own) get no customer_id and are
    reported in identity_issues. Records and clusters are joined by number (doc identity_record_number);
    a cluster's text key (its smallest record key) comes back here, by one join on its number, for
    int_identity__customer_assignments, which keeps text keys from run to run. -#}
with

record_coverage as {{ firstparty.not_materialized() }} (
    select * from {{ ref('int_identity__record_coverage') }}
),

clusters as (
    select * from {{ ref('int_identity__clusters') }}
),

split_clusters as (
    select * from {{ ref('int_identity__split_clusters') }}
),

{# The clusters are resolved on numbers alone; the records' text keys and the cluster's key join once,
    at the end (carried through the joins, they made every join's tables wider). #}
mapped_records as (
    select
        record_number,
        is_profile_record
    from record_coverage
    where is_mapped
),

resolved_records as (
    select
        mapped_records.record_number,
        mapped_records.is_profile_record,
        clusters.component_id as linked_cluster_number,
        coalesce(split_clusters.component_id, clusters.component_id) as cluster_number,
        split_clusters.node_id is not null as is_split
    from mapped_records
    inner join clusters
        on mapped_records.record_number = clusters.node_id
    left join split_clusters
        on mapped_records.record_number = split_clusters.node_id
),

final_cluster_sizes as (
    select
        cluster_number,
        count(*) as record_count,
        sum(case when is_profile_record then 1 else 0 end) as profile_record_count
    from resolved_records
    group by cluster_number
),

sized_records as (
    select
        resolved_records.record_number,
        resolved_records.is_profile_record,
        resolved_records.cluster_number,
        resolved_records.linked_cluster_number,
        resolved_records.is_split,
        final_cluster_sizes.record_count,
        final_cluster_sizes.profile_record_count,
        final_cluster_sizes.profile_record_count > {{ var('identity_max_cluster_profile_records') }}
            as is_in_held_cluster
    from resolved_records
    inner join final_cluster_sizes
        on resolved_records.cluster_number = final_cluster_sizes.cluster_number
),

final_clusters as (
    select
        record_number,
        case when is_in_held_cluster and is_profile_record then record_number else cluster_number end
            as cluster_number,
        linked_cluster_number,
        is_split,
        case when is_in_held_cluster and is_profile_record then 1 else record_count end as cluster_record_count,
        case
            when is_in_held_cluster and is_profile_record then 1 else profile_record_count
        end as cluster_profile_record_count,
        is_in_held_cluster,
        is_in_held_cluster and not is_profile_record as is_held
    from sized_records
),

record_clusters as (
    select
        final_clusters.record_number,
        records.record_key,
        records.source_name,
        records.source_record_id,
        final_clusters.cluster_number,
        cluster_records.record_key as cluster_key,
        final_clusters.linked_cluster_number,
        final_clusters.is_split,
        final_clusters.cluster_record_count,
        final_clusters.cluster_profile_record_count,
        final_clusters.is_in_held_cluster,
        final_clusters.is_held,
        records.seen_at
    from final_clusters
    inner join record_coverage as records
        on final_clusters.record_number = records.record_number
    inner join record_coverage as cluster_records
        on final_clusters.cluster_number = cluster_records.record_number
)

select * from record_clusters
