{#- The purchase-time rule, as a subquery: a web purchase confirmation and a shop order placed in the
    same second are the same purchase when each is the only candidate of the other and their shop
    accounts (if both carry one) agree. `web_events` and `shop_orders` are relations (or CTE names)
    with the staged columns; `web_key` and `order_key` name the columns that tell rows apart (a
    staged id, or raw_row_hash over base_ rows where one id can have several versions). Returns
    web_key, order_id. Identity links guest checkouts' browsers through it; the erasure closure follows
    the same pairs, so a purchase is erased with the person identity would give it to. -#}
{% macro identity_purchase_time_pairs(web_events, shop_orders, web_key, order_key) -%}
    select
        web_key,
        order_id
    from (
        select
            {{ web_events }}.{{ web_key }} as web_key,
            {{ shop_orders }}.order_id,
            {{ web_events }}.user_id,
            {{ shop_orders }}.shop_customer_id,
            count(*) over (partition by {{ web_events }}.{{ web_key }}) as orders_in_that_second,
            count(*) over (partition by {{ shop_orders }}.{{ order_key }}) as purchases_in_that_second
        from {{ web_events }}
        inner join {{ shop_orders }}
            on {{ web_events }}.occurred_at = {{ shop_orders }}.ordered_at
        where
            {{ web_events }}.event_type = 'purchase'
            and {{ shop_orders }}.order_id is not null
    ) as same_second_pairs
    where
        orders_in_that_second = 1
        and purchases_in_that_second = 1
        and (user_id is null or shop_customer_id is null or user_id = shop_customer_id)
{%- endmacro %}
