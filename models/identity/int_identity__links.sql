{#- Every link between two records, with the rule that made it, its strength and score. Strong links
    are issued keys and record references (an account, a card, a cookie, an order); medium links are
    contact points people can share (email, phone); weak links are inferred (probabilistic match, purchase time).
    A probabilistic match carries its match_evidence: every field's level and match weight.
    A cluster over the size limit is split by keeping only its strong links. -#}
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

all_links as (
    select
        record_key_a,
        record_key_b,
        identifier_class as identifier_type,
        identifier_key,
        link_rule,
        cast(1.0 as {{ dbt.type_float() }}) as match_score,
        cast(null as {{ dbt.type_string() }}) as match_evidence
    from deterministic_links
    union all
    select
        record_key_a,
        record_key_b,
        'name_birth_date_address' as identifier_type,
        cast(null as {{ dbt.type_string() }}) as identifier_key,
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
        cast(null as {{ dbt.type_string() }}) as identifier_key,
        'purchase_time_match' as link_rule,
        cast(1.0 as {{ dbt.type_float() }}) as match_score,
        cast(null as {{ dbt.type_string() }}) as match_evidence
    from purchase_time_links
),

classified_links as (
    select
        {{ dbt.hash(dbt.concat([
            'link_rule', "'|'", 'record_key_a', "'|'", 'record_key_b', "'|'", "coalesce(identifier_key, '')",
        ])) }} as link_id,
        record_key_a,
        record_key_b,
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
