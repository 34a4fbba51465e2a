{#- Comparison patterns with their pair counts, what the fit reads, one row per pair set and distinct
    vector of levels:
    - 'candidate': every candidate pair once, all fields compared (what the prior is fitted on);
    - 'blocked': per blocking rule (blocking_rule), every candidate pair that rule paired, with the
      fields the rule blocks on masked (-1: a rule column is among the field's columns in macro
      identity_match_comparisons): they agree by construction, so the EM learns m only from fields
      the blocking did not choose;
    - 'random': the u sample. -#}
{%- set comparisons = firstparty.identity_match_comparisons() -%}
{%- set gamma_columns = [] -%}
{%- for comparison in comparisons -%}
    {%- do gamma_columns.append('gamma_' ~ comparison.field) -%}
{%- endfor -%}
{%- set blocked_selects = [] -%}
{%- for rule in var('identity_match_blocking_rules') -%}
    {%- set masked_gammas = [] -%}
    {%- for comparison in comparisons -%}
        {%- set blocked_columns = rule.columns | select('in', comparison.columns) | list -%}
        {%- do masked_gammas.append(
            ('-1' if blocked_columns else 'gamma_' ~ comparison.field) ~ ' as gamma_' ~ comparison.field
        ) -%}
    {%- endfor -%}
    {%- do blocked_selects.append(
        "select 'blocked' as pair_set, '" ~ rule.name ~ "' as blocking_rule, "
        ~ masked_gammas | join(', ') ~ ' from comparisons where is_paired_by_' ~ rule.name
    ) -%}
{%- endfor -%}

with

comparisons as (
    select * from {{ ref('int_identity__match_comparisons') }}
),

random_pairs as (
    select * from {{ ref('int_identity__match_random_pairs') }}
),

candidate_pairs as (
    select
        'candidate' as pair_set,
        cast(null as {{ dbt.type_string() }}) as blocking_rule,
        {{ gamma_columns | join(',\n        ') }}
    from comparisons
),

blocked_pairs as (
    {{ blocked_selects | join('\n    union all\n    ') }}
),

sampled_pairs as (
    select
        'random' as pair_set,
        cast(null as {{ dbt.type_string() }}) as blocking_rule,
        {{ gamma_columns | join(',\n        ') }}
    from random_pairs
),

all_pairs as (
    select * from candidate_pairs
    union all
    select * from blocked_pairs
    union all
    select * from sampled_pairs
),

patterns as (
    select
        pair_set,
        blocking_rule,
        {{ gamma_columns | join(',\n        ') }},
        count(*) as pair_count
    from all_pairs
    group by
        pair_set,
        blocking_rule,
        {{ gamma_columns | join(',\n        ') }}
)

select * from patterns
