{%- set definition -%}
    with

    customers as (
        select * from {{ ref('dim_customers') }}
    ),

    purchasers as (
        select
            customer_id,
            ntile(5) over (order by net_revenue_amount desc, customer_id) as revenue_quintile
        from customers
        where
            order_count + store_purchase_count > 0
            and (email is not null or phone is not null)
    )

    select customer_id
    from purchasers
    where revenue_quintile = 1
{%- endset -%}

{{ firstparty.audience('lookalike_seed', 'targeted_advertising', 'ads', definition) }}
