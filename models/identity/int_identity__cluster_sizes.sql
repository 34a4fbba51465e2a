{#- The size of each cluster, counted in profile records (CRM contacts, shop accounts, email
    subscriptions, loyalty memberships): event and order rows grow with a person's activity, profiles
    with the number of people merged. A cluster over identity_max_cluster_profile_records is oversized. -#}
with

clusters as (
    select * from {{ ref('int_identity__clusters') }}
),

records as (
    select * from {{ ref('int_identity__records') }}
),

sizes as (
    select
        clusters.component_id as cluster_key,
        count(*) as record_count,
        sum(case when records.is_profile_record then 1 else 0 end) as profile_record_count
    from clusters
    inner join records
        on clusters.node_id = records.record_key
    group by clusters.component_id
),

checked_sizes as (
    select
        cluster_key,
        record_count,
        profile_record_count,
        profile_record_count > {{ var('identity_max_cluster_profile_records') }} as is_oversized
    from sizes
)

select * from checked_sizes
