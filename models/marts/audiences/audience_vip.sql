{%- set definition -%}
    with

    customers as (
        select * from {{ ref('dim_customers') }}
    ),

    active_purchasers as (
        select
            customer_id,
            ntile(20) over (order by net_revenue_amount desc, customer_id) as revenue_vigintile
        from customers
        where lifecycle_stage in ('new', 'active')
    )

    select customer_id
    from active_purchasers
    where revenue_vigintile = 1
{%- endset -%}

{{ firstparty.audience('vip', 'sms_marketing', 'sms', definition) }}
