{#- The fuzzy rule: CRM contacts that share no linking identifier are compared within their block
    (same postcode and birth date) and scored on documented weights; a pair scoring at least
    identity_fuzzy_threshold is a match. A missing first name counts as half similar. -#}
{%- set weights = var('identity_fuzzy_weights') -%}

with

crm_contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

blocks as (
    select * from {{ ref('int_identity__fuzzy_blocks') }}
),

occurrences as (
    select * from {{ ref('int_identity__identifier_occurrences') }}
),

identifiers as (
    select * from {{ ref('int_identity__identifiers') }}
),

compared_contacts as (
    select
        {{ firstparty.identity_record_key("'crm_contacts'", 'crm_contacts.contact_id') }} as record_key,
        crm_contacts.contact_id,
        crm_contacts.first_name,
        crm_contacts.last_name,
        blocks.block_key
    from crm_contacts
    inner join blocks
        on
            crm_contacts.postcode = blocks.postcode
            and crm_contacts.birth_date = blocks.birth_date
    where
        blocks.is_compared
        and crm_contacts.last_name is not null
),

candidate_pairs as (
    select
        contacts_a.block_key,
        contacts_a.record_key as record_key_a,
        contacts_b.record_key as record_key_b,
        contacts_a.contact_id as contact_id_a,
        contacts_b.contact_id as contact_id_b,
        {{ firstparty.identity_name_similarity('contacts_a.first_name', 'contacts_b.first_name') }}
            as first_name_similarity,
        {{ firstparty.identity_name_similarity('contacts_a.last_name', 'contacts_b.last_name') }}
            as last_name_similarity
    from compared_contacts as contacts_a
    inner join compared_contacts as contacts_b
        on
            contacts_a.block_key = contacts_b.block_key
            and contacts_a.record_key < contacts_b.record_key
),

linking_occurrences as (
    select
        occurrences.record_key,
        occurrences.identifier_key
    from occurrences
    inner join identifiers
        on occurrences.identifier_key = identifiers.identifier_key
    where identifiers.is_linking
),

{# Pairs already linked by a shared identifier are left to the deterministic rules. #}
pairs_sharing_an_identifier as (
    select distinct
        candidate_pairs.record_key_a,
        candidate_pairs.record_key_b
    from candidate_pairs
    inner join linking_occurrences as occurrences_a
        on candidate_pairs.record_key_a = occurrences_a.record_key
    inner join linking_occurrences as occurrences_b
        on
            candidate_pairs.record_key_b = occurrences_b.record_key
            and occurrences_a.identifier_key = occurrences_b.identifier_key
),

scored_pairs as (
    select
        candidate_pairs.record_key_a,
        candidate_pairs.record_key_b,
        candidate_pairs.contact_id_a,
        candidate_pairs.contact_id_b,
        candidate_pairs.block_key,
        candidate_pairs.first_name_similarity,
        candidate_pairs.last_name_similarity,
        {{ weights['birth_date'] }}
        + {{ weights['postcode'] }}
        + {{ weights['last_name'] }} * candidate_pairs.last_name_similarity
        + {{ weights['first_name'] }} * coalesce(candidate_pairs.first_name_similarity, 0.5) as match_score
    from candidate_pairs
    left join pairs_sharing_an_identifier
        on
            candidate_pairs.record_key_a = pairs_sharing_an_identifier.record_key_a
            and candidate_pairs.record_key_b = pairs_sharing_an_identifier.record_key_b
    where pairs_sharing_an_identifier.record_key_a is null
),

judged_pairs as (
    select
        record_key_a,
        record_key_b,
        contact_id_a,
        contact_id_b,
        block_key,
        first_name_similarity,
        last_name_similarity,
        match_score,
        match_score >= {{ var('identity_fuzzy_threshold') }} as is_match
    from scored_pairs
)

select * from judged_pairs
