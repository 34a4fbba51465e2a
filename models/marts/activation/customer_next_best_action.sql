with

customers as (
    select * from {{ ref('dim_customers') }}
),

rfm as (
    select * from {{ ref('customer_rfm') }}
),

rules as (
    select * from {{ ref('ref_next_best_action_rules') }}
),

consent as (
    select * from {{ ref('consent_state') }}
    where status = 'granted'
),

customer_segments as (
    select
        customers.customer_id,
        coalesce(rfm.rfm_segment, 'prospect') as rfm_segment
    from customers
    left join rfm
        on customers.customer_id = rfm.customer_id
),

consented_rules as (
    select
        customer_segments.customer_id,
        customer_segments.rfm_segment,
        rules.rule_priority,
        rules.recommended_action,
        rules.purpose,
        rules.channel,
        min(consent.contact_point) as contact_point
    from customer_segments
    inner join rules
        on customer_segments.rfm_segment = rules.rfm_segment
    inner join consent
        on
            customer_segments.customer_id = consent.customer_id
            and rules.purpose = consent.purpose
            and rules.channel = consent.channel
    group by 1, 2, 3, 4, 5, 6
),

first_consented_rule as (
    select
        *,
        row_number() over (partition by customer_id order by rule_priority) as rule_rank
    from consented_rules
),

next_best_action as (
    select
        customer_segments.customer_id,
        customer_segments.rfm_segment,
        coalesce(first_consented_rule.recommended_action, 'no_marketing_action') as recommended_action,
        first_consented_rule.purpose,
        first_consented_rule.channel,
        first_consented_rule.contact_point,
        first_consented_rule.rule_priority
    from customer_segments
    left join first_consented_rule
        on
            customer_segments.customer_id = first_consented_rule.customer_id
            and first_consented_rule.rule_rank = 1
)

select * from next_best_action
