with

touchpoints as {{ firstparty.not_materialized() }} (
    select * from {{ ref('fct_customer_touchpoints') }}
),

first_and_last as (
    select
        customer_id,
        min(occurred_at) as first_touchpoint_at,
        max(occurred_at) as last_touchpoint_at,
        min(occurred_at) filter (where is_purchase) as first_purchase_at,
        max(touchpoint_sequence) as last_touchpoint_sequence
    from touchpoints
    group by 1
),

journey_counts as (
    select
        customer_id,
        count(*) as touchpoint_count,
        count(distinct channel) as channel_count,
        count(*) filter (where is_purchase) as purchase_count,
        count(*) filter (where purchase_phase = 'before') as touchpoints_before_first_purchase,
        count(distinct channel) filter (where purchase_phase = 'before') as channels_before_first_purchase,
        count(*) filter (where purchase_phase = 'during') as touchpoints_during_purchases,
        count(*) filter (where purchase_phase = 'after') as touchpoints_after_purchases
    from touchpoints
    group by 1
),

first_channels as (
    select
        customer_id,
        max(channel) filter (where touchpoint_sequence = 1) as first_touchpoint_channel
    from touchpoints
    group by 1
),

last_channels as (
    select
        touchpoints.customer_id,
        touchpoints.channel as last_touchpoint_channel
    from touchpoints
    inner join first_and_last
        on
            touchpoints.customer_id = first_and_last.customer_id
            and touchpoints.touchpoint_sequence = first_and_last.last_touchpoint_sequence
),

summary as (
    select
        first_and_last.customer_id,
        journey_counts.touchpoint_count,
        journey_counts.channel_count,
        journey_counts.purchase_count,
        journey_counts.touchpoints_before_first_purchase,
        journey_counts.channels_before_first_purchase,
        journey_counts.touchpoints_during_purchases,
        journey_counts.touchpoints_after_purchases,
        first_channels.first_touchpoint_channel,
        last_channels.last_touchpoint_channel,
        cast(
            {{ dbt.datediff('first_and_last.first_touchpoint_at', 'first_and_last.first_purchase_at', 'day') }}
            as {{ dbt.type_bigint() }}
        ) as days_to_first_purchase,
        first_and_last.first_touchpoint_at,
        first_and_last.first_purchase_at,
        first_and_last.last_touchpoint_at
    from first_and_last
    inner join journey_counts
        on first_and_last.customer_id = journey_counts.customer_id
    inner join first_channels
        on first_and_last.customer_id = first_channels.customer_id
    inner join last_channels
        on first_and_last.customer_id = last_channels.customer_id
)

select * from summary
