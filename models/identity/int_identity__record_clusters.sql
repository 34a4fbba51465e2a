{#- The final cluster of every mapped record: its connected component, or for a record of an oversized
    cluster its component after the split. A cluster still over the size limit after the split is
    held: its links are not trusted, so each of its profile records stands alone as a customer of its
    own, and its other records (events, orders: no person on their own) get no customer_id and are
    reported in identity_issues. -#}
with

record_coverage as (
    select * from {{ ref('int_identity__record_coverage') }}
),

clusters as (
    select * from {{ ref('int_identity__clusters') }}
),

split_clusters as (
    select * from {{ ref('int_identity__split_clusters') }}
),

resolved_records as (
    select
        record_coverage.record_key,
        record_coverage.source_name,
        record_coverage.source_record_id,
        record_coverage.is_profile_record,
        record_coverage.seen_at,
        clusters.component_id as linked_cluster_key,
        coalesce(split_clusters.component_id, clusters.component_id) as cluster_key,
        split_clusters.node_id is not null as is_split
    from record_coverage
    inner join clusters
        on record_coverage.record_key = clusters.node_id
    left join split_clusters
        on record_coverage.record_key = split_clusters.node_id
    where record_coverage.is_mapped
),

final_cluster_sizes as (
    select
        cluster_key,
        count(*) as record_count,
        sum(case when is_profile_record then 1 else 0 end) as profile_record_count
    from resolved_records
    group by cluster_key
),

sized_records as (
    select
        resolved_records.record_key,
        resolved_records.source_name,
        resolved_records.source_record_id,
        resolved_records.is_profile_record,
        resolved_records.cluster_key,
        resolved_records.linked_cluster_key,
        resolved_records.is_split,
        final_cluster_sizes.record_count,
        final_cluster_sizes.profile_record_count,
        final_cluster_sizes.profile_record_count > {{ var('identity_max_cluster_profile_records') }}
            as is_in_held_cluster,
        resolved_records.seen_at
    from resolved_records
    inner join final_cluster_sizes
        on resolved_records.cluster_key = final_cluster_sizes.cluster_key
),

record_clusters as (
    select
        record_key,
        source_name,
        source_record_id,
        case when is_in_held_cluster and is_profile_record then record_key else cluster_key end as cluster_key,
        linked_cluster_key,
        is_split,
        case when is_in_held_cluster and is_profile_record then 1 else record_count end as cluster_record_count,
        case
            when is_in_held_cluster and is_profile_record then 1 else profile_record_count
        end as cluster_profile_record_count,
        is_in_held_cluster,
        is_in_held_cluster and not is_profile_record as is_held,
        seen_at
    from sized_records
)

select * from record_clusters
