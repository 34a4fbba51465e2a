with

lapsed_high_value as (
    select * from {{ ref('audience_lapsed_high_value') }}
),

cart_abandoners as (
    select * from {{ ref('audience_cart_abandoners') }}
),

vip as (
    select * from {{ ref('audience_vip') }}
),

lookalike_seed as (
    select * from {{ ref('audience_lookalike_seed') }}
),

members as (
    select
        audience_id,
        customer_id,
        purpose,
        channel,
        contact_point_type,
        contact_point
    from lapsed_high_value
    union all
    select
        audience_id,
        customer_id,
        purpose,
        channel,
        contact_point_type,
        contact_point
    from cart_abandoners
    union all
    select
        audience_id,
        customer_id,
        purpose,
        channel,
        contact_point_type,
        contact_point
    from vip
    union all
    select
        audience_id,
        customer_id,
        purpose,
        channel,
        contact_point_type,
        contact_point
    from lookalike_seed
)

select * from members
