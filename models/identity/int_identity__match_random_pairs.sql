{#- The sample u is estimated from: pairs of profile records taken at random but reproducibly. The
    records are ordered by a hash of their key, the first identity_match_u_sample_records are kept,
    and each is paired with the identity_match_u_sample_neighbours records after it in that order.
    Nearly all such pairs are two different persons, so their level shares estimate u. -#}
{%- set neighbour_offsets = [] -%}
{%- for offset in range(1, var('identity_match_u_sample_neighbours') + 1) -%}
    {%- do neighbour_offsets.append('select ' ~ offset ~ ' as neighbour_offset') -%}
{%- endfor -%}

with

profiles as {{ firstparty.not_materialized() }} (
    select * from {{ ref('int_identity__match_profiles') }}
),

hash_ordered as (
    select
        record_key,
        row_number() over (order by {{ dbt.hash('record_key') }}, record_key) as sample_position
    from profiles
),

sampled as (
    select
        record_key,
        sample_position
    from hash_ordered
    where sample_position <= {{ var('identity_match_u_sample_records') }}
),

{# The offsets 1..N as rows, so the pairs are an equality join (a range join is far slower). #}
neighbour_offsets as (
    {{ neighbour_offsets | join('\n    union all\n    ') }}
),

sampled_pairs as (
    select
        sampled_a.record_key as record_key_a,
        sampled_b.record_key as record_key_b
    from sampled as sampled_a
    cross join neighbour_offsets
    inner join sampled as sampled_b
        on sampled_a.sample_position + neighbour_offsets.neighbour_offset = sampled_b.sample_position
),

compared_pairs as (
    select
        sampled_pairs.record_key_a,
        sampled_pairs.record_key_b,
        {{ firstparty.identity_match_gamma_columns() }}
    from sampled_pairs
    inner join profiles as record_a
        on sampled_pairs.record_key_a = record_a.record_key
    inner join profiles as record_b
        on sampled_pairs.record_key_b = record_b.record_key
    {{ firstparty.identity_match_similarity_row() }}
)

select * from compared_pairs
