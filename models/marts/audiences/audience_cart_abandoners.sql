{%- set definition -%}
    with

    touchpoints as (
        select * from {{ ref('fct_customer_touchpoints') }}
    ),

    carts as (
        select
            customer_id,
            max(occurred_at) as last_cart_at
        from touchpoints
        where
            touchpoint_type in ('web_add_to_cart', 'web_checkout_started')
            and occurred_at >= {{ dbt.dateadd(
                'day', -1 * var('audience_cart_abandonment_days'), firstparty.as_of_timestamp()) }}
        group by 1
    ),

    later_purchases as (
        select
            carts.customer_id
        from carts
        inner join touchpoints
            on
                carts.customer_id = touchpoints.customer_id
                and touchpoints.is_purchase
                and touchpoints.occurred_at >= carts.last_cart_at
    )

    select carts.customer_id
    from carts
    where carts.customer_id not in (select later_purchases.customer_id from later_purchases)
{%- endset -%}

{{ firstparty.audience('cart_abandoners', 'personalisation', 'web', definition) }}
