{#- Every link between two records, with the rule that made it, its strength and score. Strong links
    are issued keys and record references (an account, a card, a cookie, an order); medium links are
    contact points people can share (email, phone); weak links are inferred (probabilistic match, purchase time).
    A probabilistic match carries its match_evidence: every field's level and match weight.
    A cluster over the size limit is split by keeping only its strong links. Records are named by their
    numbers (doc identity_record_number); identity_links gives each link its stable link_id from the
    text keys. -#}
with

deterministic_links as (
    select * from {{ ref('int_identity__deterministic_links') }}
),

match_scores as (
    select * from {{ ref('int_identity__match_scores') }}
),

purchase_time_links as (
    select * from {{ ref('int_identity__purchase_time_links') }}
),

records as {{ firstparty.not_materialized() }} (
    select * from {{ ref('int_identity__records') }}
),

{# Matches and purchase-time links are few (a match is a pair of profiles): their text keys are numbered
    here, by two joins to the records (left joins: a key that is not a record keeps a null number, which
    the not_null tests on the numbers report, instead of the link disappearing). #}
inferred_links as (
    select
        record_key_a,
        record_key_b,
        'name_birth_date_address' as identifier_type,
        'probabilistic_match' as link_rule,
        cast(match_probability as {{ dbt.type_float() }}) as match_score,
        match_evidence
    from match_scores
    where is_match
    union all
    select
        record_key_a,
        record_key_b,
        'purchase_time' as identifier_type,
        'purchase_time_match' as link_rule,
        cast(1.0 as {{ dbt.type_float() }}) as match_score,
        cast(null as {{ dbt.type_string() }}) as match_evidence
    from purchase_time_links
),

numbered_inferred_links as (
    select
        records_a.record_number as record_number_a,
        records_b.record_number as record_number_b,
        inferred_links.identifier_type,
        inferred_links.link_rule,
        inferred_links.match_score,
        inferred_links.match_evidence
    from inferred_links
    left join records as records_a
        on inferred_links.record_key_a = records_a.record_key
    left join records as records_b
        on inferred_links.record_key_b = records_b.record_key
),

all_links as (
    select
        record_number_a,
        record_number_b,
        identifier_class as identifier_type,
        identifier_key,
        link_rule,
        cast(1.0 as {{ dbt.type_float() }}) as match_score,
        cast(null as {{ dbt.type_string() }}) as match_evidence
    from deterministic_links
    union all
    select
        record_number_a,
        record_number_b,
        identifier_type,
        cast(null as {{ dbt.type_string() }}) as identifier_key,
        link_rule,
        match_score,
        match_evidence
    from numbered_inferred_links
),

classified_links as (
    select
        record_number_a,
        record_number_b,
        identifier_type,
        identifier_key,
        link_rule,
        case
            when
                link_rule in (
                    'record_reference', 'same_shop_account', 'web_login', 'same_loyalty_id', 'same_anonymous_id'
                )
                then 'strong'
            when
                link_rule in (
                    'same_email', 'shop_account_email', 'hashed_email_match', 'same_phone', 'service_ticket_contact',
                    'email_click_through'
                )
                then 'medium'
            else 'weak'
        end as link_strength,
        match_score,
        match_evidence
    from all_links
)

select * from classified_links
