with

candidates as (
    select * from {{ ref('int_customers__attribute_candidates') }}
),

ranked_candidates as (
    select
        *,
        row_number() over ({{ firstparty.survivorship_window() }}) as survivorship_rank,
        count(*) over (partition by customer_id, attribute_name) as candidate_count,
        lead(trust_rank) over ({{ firstparty.survivorship_window() }}) as runner_up_trust_rank,
        lead(record_updated_at) over ({{ firstparty.survivorship_window() }}) as runner_up_updated_at,
        lead(filled_attribute_count) over ({{ firstparty.survivorship_window() }}) as runner_up_filled_attribute_count
    from candidates
),

survivors as (
    select
        customer_id,
        attribute_name,
        source_name,
        source_record_id,
        record_updated_at as attribute_updated_at,
        trust_rank,
        candidate_count,
        case
            when candidate_count = 1 then 'only_candidate'
            when trust_rank < runner_up_trust_rank then 'source_trust'
            when coalesce(
                record_updated_at != runner_up_updated_at,
                (record_updated_at is null) != (runner_up_updated_at is null)
            ) then 'recency'
            when filled_attribute_count > runner_up_filled_attribute_count then 'completeness'
            else 'record_id'
        end as survivorship_rule
    from ranked_candidates
    where survivorship_rank = 1
)

select * from survivors
