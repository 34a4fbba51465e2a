{#- The final cluster of every mapped record: its connected component, or for a record of an oversized
    cluster its component after the split. A cluster still over the size limit after the split is
    held: its records get no customer_id and are reported in identity_issues. -#}
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

record_clusters as (
    select
        resolved_records.record_key,
        resolved_records.source_name,
        resolved_records.source_record_id,
        resolved_records.cluster_key,
        resolved_records.linked_cluster_key,
        resolved_records.is_split,
        final_cluster_sizes.record_count as cluster_record_count,
        final_cluster_sizes.profile_record_count as cluster_profile_record_count,
        final_cluster_sizes.profile_record_count > {{ var('identity_max_cluster_profile_records') }} as is_held,
        resolved_records.seen_at
    from resolved_records
    inner join final_cluster_sizes
        on resolved_records.cluster_key = final_cluster_sizes.cluster_key
)

select * from record_clusters
