{#- The purchase-time rule (macro identity_purchase_time_pairs): a web purchase confirmation and a shop
    order in the same second, each the other's only candidate. This links browsers that never logged in
    (guest checkouts) to the order and so to its email. -#}
with

web_events as (
    select * from {{ ref('stg_web__events') }}
),

shop_orders as (
    select * from {{ ref('stg_shop__orders') }}
),

unambiguous_pairs as (
    select
        {{ firstparty.identity_record_key("'web_events'", 'web_key') }} as record_key_a,
        'web_events' as source_name_a,
        web_key as source_record_id_a,
        {{ firstparty.identity_record_key("'shop_orders'", 'order_id') }} as record_key_b,
        'shop_orders' as source_name_b,
        order_id as source_record_id_b
    from (
        {{ firstparty.identity_purchase_time_pairs('web_events', 'shop_orders', 'web_event_id', 'order_id') }}
    ) as purchase_pairs
)

select * from unambiguous_pairs
