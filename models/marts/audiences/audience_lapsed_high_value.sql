{%- set definition -%}
    with

    customers as (
        select * from {{ ref('dim_customers') }}
    ),

    purchasers as (
        select
            customer_id,
            lifecycle_stage,
            ntile(5) over (order by net_revenue_amount desc, customer_id) as revenue_quintile
        from customers
        where order_count + store_purchase_count > 0
    )

    select customer_id
    from purchasers
    where
        lifecycle_stage = 'lapsed'
        and revenue_quintile = 1
{%- endset -%}

{{ firstparty.audience('lapsed_high_value', 'email_marketing', 'email', definition) }}
