{#- What identity resolution could not or would not resolve, one row per issue: identifiers that never
    link (blocklisted, or shared by several people), records left out of customer_record_map, records
    whose every identifier is shared, oversized clusters and their held records, and blocks of
    probabilistic matching too large to compare. -#}
with

identifiers as (
    select * from {{ ref('int_identity__identifiers') }}
),

record_coverage as {{ firstparty.not_materialized() }} (
    select * from {{ ref('int_identity__record_coverage') }}
),

cluster_sizes as (
    select * from {{ ref('int_identity__cluster_sizes') }}
),

record_clusters as (
    select * from {{ ref('int_identity__record_clusters') }}
),

match_blocks as (
    select * from {{ ref('int_identity__match_blocks') }}
),

identifier_issues as (
    select
        case when is_blocklisted then 'blocklisted_identifier' else 'shared_identifier' end as issue_type,
        identifier_key as subject_key,
        cast(null as {{ dbt.type_string() }}) as source_name,
        cast(null as {{ dbt.type_string() }}) as source_record_id,
        identifier_class,
        identifier_value,
        record_count,
        case
            when is_blocklisted then blocklist_reason
            else {{ dbt.concat([
                'shared_reason',
                "': '", 'cast(shop_account_count as ' ~ dbt.type_string() ~ ')', "' shop accounts, '",
                'cast(loyalty_id_count as ' ~ dbt.type_string() ~ ')', "' loyalty cards, '",
                'cast(birth_date_count as ' ~ dbt.type_string() ~ ')', "' birth dates, '",
                'cast(other_email_count as ' ~ dbt.type_string() ~ ')', "' other emails, '",
                'cast(other_phone_count as ' ~ dbt.type_string() ~ ')', "' other phones, '",
                'cast(person_record_count as ' ~ dbt.type_string() ~ ')', "' person records'",
            ]) }}
        end as issue_detail
    from identifiers
    where is_blocklisted or is_shared
),

unmapped_record_issues as (
    select
        'unmapped_record' as issue_type,
        record_key as subject_key,
        source_name,
        source_record_id,
        cast(null as {{ dbt.type_string() }}) as identifier_class,
        cast(null as {{ dbt.type_string() }}) as identifier_value,
        1 as record_count,
        unmapped_reason as issue_detail
    from record_coverage
    where not is_mapped
),

isolated_record_issues as (
    select
        'isolated_record' as issue_type,
        record_key as subject_key,
        source_name,
        source_record_id,
        cast(null as {{ dbt.type_string() }}) as identifier_class,
        cast(null as {{ dbt.type_string() }}) as identifier_value,
        1 as record_count,
        'every identifier it carries is shared by several people, so it is a customer of its own' as issue_detail
    from record_coverage
    where
        is_mapped
        and link_count = 0
        and linking_identifier_count = 0
        and unblocked_identifier_count > 0
),

{# A cluster is named by its smallest record's key (cluster_sizes has its number). #}
oversized_cluster_issues as (
    select
        case when cluster_sizes.is_oversized then 'oversized_cluster' else 'conflicting_cluster' end as issue_type,
        cluster_records.record_key as subject_key,
        cast(null as {{ dbt.type_string() }}) as source_name,
        cast(null as {{ dbt.type_string() }}) as source_record_id,
        cast(null as {{ dbt.type_string() }}) as identifier_class,
        cast(null as {{ dbt.type_string() }}) as identifier_value,
        cluster_sizes.record_count,
        {{ dbt.concat([
            'cast(cluster_sizes.profile_record_count as ' ~ dbt.type_string() ~ ')', "' profile records, '",
            'cast(cluster_sizes.shop_account_count as ' ~ dbt.type_string() ~ ')', "' shop accounts, '",
            'cast(cluster_sizes.loyalty_id_count as ' ~ dbt.type_string() ~ ')', "' loyalty cards'",
            "'; split at its weakest links (only strong links kept)'",
        ]) }} as issue_detail
    from cluster_sizes
    inner join record_coverage as cluster_records
        on cluster_sizes.cluster_key = cluster_records.record_number
    where cluster_sizes.needs_split
),

held_record_issues as (
    select
        'held_record' as issue_type,
        record_key as subject_key,
        source_name,
        source_record_id,
        cast(null as {{ dbt.type_string() }}) as identifier_class,
        cast(null as {{ dbt.type_string() }}) as identifier_value,
        1 as record_count,
        {{ dbt.concat([
            "'its cluster still holds '", 'cast(cluster_profile_record_count as ' ~ dbt.type_string() ~ ')',
            "' profile records after the split: held back, no customer_id'",
        ]) }} as issue_detail
    from record_clusters
    where is_held
),

match_block_issues as (
    select distinct
        'match_block_too_large' as issue_type,
        block_key as subject_key,
        cast(null as {{ dbt.type_string() }}) as source_name,
        cast(null as {{ dbt.type_string() }}) as source_record_id,
        cast(null as {{ dbt.type_string() }}) as identifier_class,
        cast(null as {{ dbt.type_string() }}) as identifier_value,
        block_record_count as record_count,
        {{ dbt.concat([
            "'profile records sharing one block of blocking rule '", 'blocking_rule',
            "': too many to compare pairwise, not compared under this rule (the other rules still apply)'",
        ]) }} as issue_detail
    from match_blocks
    where not is_compared
),

all_issues as (
    select * from identifier_issues
    union all
    select * from unmapped_record_issues
    union all
    select * from isolated_record_issues
    union all
    select * from oversized_cluster_issues
    union all
    select * from held_record_issues
    union all
    select * from match_block_issues
),

keyed_issues as (
    select
        {{ dbt.hash(dbt.concat(['issue_type', "'|'", 'subject_key'])) }} as issue_id,
        issue_type,
        subject_key,
        source_name,
        source_record_id,
        identifier_class,
        identifier_value,
        record_count,
        issue_detail
    from all_issues
)

select * from keyed_issues
