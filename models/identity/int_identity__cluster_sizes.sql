{#- The size of each cluster, counted in profile records (CRM contacts, shop accounts, email
    subscriptions, loyalty memberships): event and order rows grow with a person's activity, profiles
    with the number of people merged. A cluster over identity_max_cluster_profile_records is oversized.
    A cluster holding more shop accounts or loyalty cards than one person has
    (identity_max_person_keys_per_identifier) joins several people through some shared or passed-on
    identifier (a forwarded newsletter click, a family email): it has conflicting person keys. Either
    way the cluster needs a split at its weakest links. -#}
with

clusters as {{ firstparty.not_materialized() }} (
    select * from {{ ref('int_identity__clusters') }}
),

records as (
    select * from {{ ref('int_identity__records') }}
),

occurrences as (
    select * from {{ ref('int_identity__identifier_occurrences') }}
),

person_keys as (
    select distinct
        record_number,
        identifier_class,
        identifier_key
    from occurrences
    where identifier_class in ('shop_customer_id', 'loyalty_id')
),

sizes as (
    select
        clusters.component_id as cluster_key,
        count(*) as record_count,
        sum(case when records.is_profile_record then 1 else 0 end) as profile_record_count
    from clusters
    inner join records
        on clusters.node_id = records.record_number
    group by clusters.component_id
),

person_key_counts as (
    select
        clusters.component_id as cluster_key,
        count(distinct case when person_keys.identifier_class = 'shop_customer_id' then person_keys.identifier_key end)
            as shop_account_count,
        count(distinct case when person_keys.identifier_class = 'loyalty_id' then person_keys.identifier_key end)
            as loyalty_id_count
    from clusters
    inner join person_keys
        on clusters.node_id = person_keys.record_number
    group by clusters.component_id
),

checked_sizes as (
    select
        sizes.cluster_key,
        sizes.record_count,
        sizes.profile_record_count,
        coalesce(person_key_counts.shop_account_count, 0) as shop_account_count,
        coalesce(person_key_counts.loyalty_id_count, 0) as loyalty_id_count,
        sizes.profile_record_count > {{ var('identity_max_cluster_profile_records') }} as is_oversized,
        coalesce(
            person_key_counts.shop_account_count > {{ var('identity_max_person_keys_per_identifier') }}
            or person_key_counts.loyalty_id_count > {{ var('identity_max_person_keys_per_identifier') }},
            false
        ) as has_conflicting_person_keys
    from sizes
    left join person_key_counts
        on sizes.cluster_key = person_key_counts.cluster_key
),

final as (
    select
        cluster_key,
        record_count,
        profile_record_count,
        shop_account_count,
        loyalty_id_count,
        is_oversized,
        has_conflicting_person_keys,
        is_oversized or has_conflicting_person_keys as needs_split
    from checked_sizes
)

select * from final
