{%- set window_minutes = var('journey_purchase_window_minutes') -%}
{%- set window_start = dbt.dateadd('minute', -1 * window_minutes, 'placed.occurred_at') -%}
{%- set window_end = dbt.dateadd('minute', window_minutes, 'placed.occurred_at') -%}
{%- set record_window_end = dbt.dateadd('minute', window_minutes, 'customer_interactions.occurred_at') -%}

with

interactions as (
    select * from {{ ref('int_journey__interactions') }}
),

record_map as (
    select * from {{ ref('customer_record_map') }}
),

purchases as {{ firstparty.not_materialized() }} (
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

{# Every interaction placed among its customer's purchases in one time line, sorted once per customer:
    at one moment an interaction sorts before a purchase, so the purchases before it are the ones strictly
    earlier, and the nearest purchase on each side decides whether it lies within the window of one.
    The order among interactions (time, source, record) numbers the touchpoints in the same pass. #}
timeline as (
    select
        customer_id,
        source_name,
        source_record_id,
        channel,
        touchpoint_type,
        occurred_at as happened_at,
        0 as is_purchase_row
    from customer_interactions
    union all
    select
        customer_id,
        source_name,
        source_record_id,
        null as channel,
        null as touchpoint_type,
        purchased_at as happened_at,
        1 as is_purchase_row
    from purchases
    where customer_id is not null and purchased_at is not null
),

placed as (
    select
        customer_id,
        source_name,
        source_record_id,
        channel,
        touchpoint_type,
        happened_at as occurred_at,
        is_purchase_row,
        sum(is_purchase_row) over customer_time_line as purchases_up_to_here,
        sum(1 - is_purchase_row) over customer_time_line as interactions_up_to_here,
        max(case when is_purchase_row = 1 then happened_at end) over customer_time_line as previous_purchase_at,
        min(case when is_purchase_row = 1 then happened_at end) over (
            partition by customer_id
            order by happened_at, is_purchase_row, source_name, source_record_id
            rows between current row and unbounded following
        ) as next_purchase_at
    from timeline
    window customer_time_line as (
        partition by customer_id
        order by happened_at, is_purchase_row, source_name, source_record_id
        rows between unbounded preceding and current row
    )
),

{# An interaction that is itself a purchase (an order, a till transaction), on or before its window's end. #}
purchase_records as (
    select
        customer_interactions.source_name,
        customer_interactions.source_record_id
    from customer_interactions
    inner join purchases
        on
            customer_interactions.customer_id = purchases.customer_id
            and customer_interactions.source_name = purchases.source_name
            and customer_interactions.source_record_id = purchases.source_record_id
            and purchases.purchased_at <= {{ record_window_end }}
),

touchpoints as (
    select
        {{ dbt.concat(['placed.source_name', "':'", 'placed.source_record_id']) }} as touchpoint_id,
        placed.customer_id,
        placed.source_name,
        placed.source_record_id,
        placed.channel,
        placed.touchpoint_type,
        case
            when purchase_records.source_record_id is not null then 'during'
            when placed.previous_purchase_at >= {{ window_start }}
                then 'during'
            when placed.next_purchase_at <= {{ window_end }}
                then 'during'
            when placed.purchases_up_to_here = 0 then 'before'
            else 'after'
        end as purchase_phase,
        cast(placed.purchases_up_to_here as {{ dbt.type_bigint() }}) as purchases_before_count,
        cast(placed.interactions_up_to_here as {{ dbt.type_bigint() }}) as touchpoint_sequence,
        purchase_records.source_record_id is not null as is_purchase,
        placed.occurred_at
    from placed
    left join purchase_records
        on
            placed.source_name = purchase_records.source_name
            and placed.source_record_id = purchase_records.source_record_id
    where placed.is_purchase_row = 0
)

select * from touchpoints
