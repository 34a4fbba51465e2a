{#- A web purchase confirmation and a shop order placed in the same second are the same purchase, when
    each is the only candidate of the other and their shop accounts (if both carry one) agree. This
    links browsers that never logged in (guest checkouts) to the order and so to its email. -#}
with

web_events as (
    select * from {{ ref('stg_web__events') }}
),

shop_orders as (
    select * from {{ ref('stg_shop__orders') }}
),

purchase_events as (
    select
        web_event_id,
        user_id,
        occurred_at
    from web_events
    where event_type = 'purchase'
),

same_second_pairs as (
    select
        purchase_events.web_event_id,
        shop_orders.order_id,
        purchase_events.user_id,
        shop_orders.shop_customer_id,
        count(*) over (partition by purchase_events.web_event_id) as orders_in_that_second,
        count(*) over (partition by shop_orders.order_id) as purchases_in_that_second
    from purchase_events
    inner join shop_orders
        on purchase_events.occurred_at = shop_orders.ordered_at
),

unambiguous_pairs as (
    select
        {{ firstparty.identity_record_key("'web_events'", 'web_event_id') }} as record_key_a,
        'web_events' as source_name_a,
        web_event_id as source_record_id_a,
        {{ firstparty.identity_record_key("'shop_orders'", 'order_id') }} as record_key_b,
        'shop_orders' as source_name_b,
        order_id as source_record_id_b
    from same_second_pairs
    where
        orders_in_that_second = 1
        and purchases_in_that_second = 1
        and (user_id is null or shop_customer_id is null or user_id = shop_customer_id)
)

select * from unambiguous_pairs
