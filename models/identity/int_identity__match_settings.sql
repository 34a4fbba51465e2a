{#- One row: the number of profile records probabilistic matching draws pairs from, the scale of
    its prior (the chance that two records taken at random are one person). -#}
with

profiles as (
    select * from {{ ref('int_identity__match_profiles') }}
),

settings as (
    select count(*) as profile_record_count
    from profiles
)

select * from settings
