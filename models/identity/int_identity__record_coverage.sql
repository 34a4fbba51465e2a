{#- Which staged records identity resolution maps. A profile record (a CRM contact, shop account,
    subscriber, loyalty member: a record that describes a person) is always mapped: it is a customer of
    its own when nothing links it. Any other record is mapped when it carries an identifier that is not
    blocklisted or is linked by a rule; one that carries none (a till receipt without a loyalty card) or
    only blocklisted ones cannot be told apart from anyone else's, so it is left out of
    customer_record_map and reported in identity_issues. -#}
with

records as (
    select * from {{ ref('int_identity__records') }}
),

occurrences as (
    select * from {{ ref('int_identity__identifier_occurrences') }}
),

identifiers as (
    select * from {{ ref('int_identity__identifiers') }}
),

links as {{ firstparty.not_materialized() }} (
    select * from {{ ref('int_identity__links') }}
),

{# Records are joined and grouped by number (doc identity_record_number); the text key is carried for
    the models after the clusters. #}
identifiers_per_record as (
    select
        occurrences.record_number,
        count(*) as identifier_count,
        sum(case when identifiers.is_blocklisted then 0 else 1 end) as unblocked_identifier_count,
        sum(case when identifiers.is_linking then 1 else 0 end) as linking_identifier_count
    from occurrences
    inner join identifiers
        on occurrences.identifier_key = identifiers.identifier_key
    group by occurrences.record_number
),

link_ends as (
    select record_number_a as record_number
    from links
    union all
    select record_number_b as record_number
    from links
),

links_per_record as (
    select
        record_number,
        count(*) as link_count
    from link_ends
    group by record_number
),

covered_records as (
    select
        records.record_number,
        records.record_key,
        records.source_name,
        records.source_record_id,
        records.record_kind,
        records.is_profile_record,
        coalesce(identifiers_per_record.identifier_count, 0) as identifier_count,
        coalesce(identifiers_per_record.unblocked_identifier_count, 0) as unblocked_identifier_count,
        coalesce(identifiers_per_record.linking_identifier_count, 0) as linking_identifier_count,
        coalesce(links_per_record.link_count, 0) as link_count,
        case
            when coalesce(links_per_record.link_count, 0) > 0 then null
            when records.is_profile_record then null
            when identifiers_per_record.record_number is null then 'no_identifier'
            when identifiers_per_record.unblocked_identifier_count = 0 then 'only_blocklisted_identifiers'
        end as unmapped_reason,
        records.seen_at
    from records
    left join identifiers_per_record
        on records.record_number = identifiers_per_record.record_number
    left join links_per_record
        on records.record_number = links_per_record.record_number
),

record_coverage as (
    select
        record_number,
        record_key,
        source_name,
        source_record_id,
        record_kind,
        is_profile_record,
        identifier_count,
        unblocked_identifier_count,
        linking_identifier_count,
        link_count,
        unmapped_reason,
        unmapped_reason is null as is_mapped,
        seen_at
    from covered_records
)

select * from record_coverage
