{%- set window_minutes = var('journey_purchase_window_minutes') -%}
{%- set window_start = dbt.dateadd('minute', -1 * window_minutes, 'customer_interactions.occurred_at') -%}
{%- set window_end = dbt.dateadd('minute', window_minutes, 'customer_interactions.occurred_at') -%}

with

interactions as (
    select * from {{ ref('int_journey__interactions') }}
),

record_map as (
    select * from {{ ref('customer_record_map') }}
),

purchases as (
    select * from {{ ref('int_customers__purchases') }}
),

customer_interactions as (
    select
        record_map.customer_id,
        interactions.source_name,
        interactions.source_record_id,
        interactions.channel,
        interactions.touchpoint_type,
        interactions.occurred_at
    from interactions
    inner join record_map
        on
            interactions.source_name = record_map.source_name
            and interactions.source_record_id = record_map.source_record_id
    where interactions.occurred_at is not null
),

purchase_context as (
    select
        customer_interactions.source_name,
        customer_interactions.source_record_id,
        count(purchases.source_record_id) filter (
            where purchases.purchased_at < customer_interactions.occurred_at
        ) as purchases_before_count,
        coalesce(bool_or(
            purchases.purchased_at
            between {{ window_start }} and {{ window_end }}
        ), false) as is_near_purchase,
        coalesce(bool_or(
            purchases.source_name = customer_interactions.source_name
            and purchases.source_record_id = customer_interactions.source_record_id
        ), false) as is_purchase
    from customer_interactions
    left join purchases
        on
            customer_interactions.customer_id = purchases.customer_id
            and purchases.purchased_at
            <= {{ window_end }}
    group by 1, 2
),

touchpoints as (
    select
        customer_interactions.source_name || ':' || customer_interactions.source_record_id as touchpoint_id,
        customer_interactions.customer_id,
        customer_interactions.source_name,
        customer_interactions.source_record_id,
        customer_interactions.channel,
        customer_interactions.touchpoint_type,
        case
            when purchase_context.is_purchase or purchase_context.is_near_purchase then 'during'
            when purchase_context.purchases_before_count = 0 then 'before'
            else 'after'
        end as purchase_phase,
        purchase_context.purchases_before_count,
        row_number() over (
            partition by customer_interactions.customer_id
            order by
                customer_interactions.occurred_at,
                customer_interactions.source_name,
                customer_interactions.source_record_id
        ) as touchpoint_sequence,
        purchase_context.is_purchase,
        customer_interactions.occurred_at
    from customer_interactions
    inner join purchase_context
        on
            customer_interactions.source_name = purchase_context.source_name
            and customer_interactions.source_record_id = purchase_context.source_record_id
)

select * from touchpoints
