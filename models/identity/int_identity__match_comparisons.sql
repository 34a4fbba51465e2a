{#- Candidate pairs of probabilistic matching, compared: every pair of profile records sharing a
    compared block of any blocking rule, once however many rules paired it (the first rule in the
    declared order is named, and a flag per rule says which rules paired it), with one comparison
    level (gamma) per field of macro identity_match_comparisons. Pairs are made, grouped and joined on
    the profiles' numbers (doc identity_profile_number; the smaller number is end a, as the smaller key
    was, since the numbers follow the keys); the keys come back from the two profiles. At 100k persons
    the pairs on text keys took 5.2 s, on numbers 3.6 s (the same 3.4M rows). -#}
{%- set rules = var('identity_match_blocking_rules') -%}
{#- Runs after the deterministic links, not beside the identity chain's first models: in the 1M build it ran
    beside int_identity__records and base_web__events and took 147 s (55 alone), records 60 s (18.5 alone):
    two memory-heavy queries under the one memory limit (docs/scale.md, session 20). -#}
-- depends_on: {{ ref('int_identity__deterministic_links') }}

with

profiles as {{ firstparty.not_materialized() }} (
    select * from {{ ref('int_identity__match_profiles') }}
),

block_records as {{ firstparty.not_materialized() }} (
    select * from {{ ref('int_identity__match_blocks') }}
    where is_compared
),

blocked_pairs as (
    select
        records_a.profile_number as profile_number_a,
        records_b.profile_number as profile_number_b,
        records_a.blocking_rule_order
    from block_records as records_a
    inner join block_records as records_b
        on
            records_a.block_key = records_b.block_key
            and records_a.profile_number < records_b.profile_number
),

candidate_pairs as (
    select
        profile_number_a,
        profile_number_b,
        case min(blocking_rule_order)
            {%- for rule in rules %}
                when {{ loop.index }} then '{{ rule.name }}'
            {%- endfor %}
        end as blocking_rule,
        {%- for rule in rules %}
            max(case when blocking_rule_order = {{ loop.index }} then 1 else 0 end) = 1 as is_paired_by_{{ rule.name }},
        {%- endfor %}
        count(*) as blocking_rule_count
    from blocked_pairs
    group by profile_number_a, profile_number_b
),

compared_pairs as (
    select
        record_a.record_key as record_key_a,
        record_b.record_key as record_key_b,
        candidate_pairs.blocking_rule,
        candidate_pairs.blocking_rule_count,
        {%- for rule in rules %}
            candidate_pairs.is_paired_by_{{ rule.name }},
        {%- endfor %}
        {{ firstparty.identity_match_gamma_columns() }}
    from candidate_pairs
    inner join profiles as record_a
        on candidate_pairs.profile_number_a = record_a.profile_number
    inner join profiles as record_b
        on candidate_pairs.profile_number_b = record_b.profile_number
    {{ firstparty.identity_match_similarity_row() }}
)

select * from compared_pairs
