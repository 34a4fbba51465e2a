with

group_counts as (
    select * from {{ ref('int_clean_room__group_counts') }}
),

k_anonymous_groups as (
    select
        segment_name,
        attribute_name,
        attribute_value,
        people_count,
        cast(net_revenue_amount as decimal(18, 2)) as net_revenue_amount,
        '{{ var("reporting_currency") }}' as revenue_currency
    from group_counts
    where people_count >= {{ var('clean_room_min_people') }}
)

select * from k_anonymous_groups
