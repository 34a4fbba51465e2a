with

customers as (
    select * from {{ ref('dim_customers') }}
),

sharing_objections as (
    select distinct customer_id
    from {{ ref('consent_state') }}
    where
        purpose = 'partner_sharing'
        and status_reason in ('gpc_signal', 'opt_out_request')
),

shareable_customers as (
    select
        customers.customer_id,
        customers.lifecycle_stage as segment_name,
        coalesce(customers.country_code, 'unknown') as country_code,
        {%- set age = firstparty.age_in_years('customers.birth_date', firstparty.as_of_timestamp()) %}
        case
            when customers.birth_date is null then 'unknown'
            when {{ age }} < 25 then '18-24'
            when {{ age }} < 35 then '25-34'
            when {{ age }} < 50 then '35-49'
            when {{ age }} < 65 then '50-64'
            else '65+'
        end as age_band,
        coalesce(customers.channels_present, 'none') as channels_present,
        customers.net_revenue_amount
    from customers
    where customers.customer_id not in (select sharing_objections.customer_id from sharing_objections)
),

attribute_values as (
    select
        customer_id,
        segment_name,
        'country_code' as attribute_name,
        country_code as attribute_value,
        net_revenue_amount
    from shareable_customers

    union all

    select
        customer_id,
        segment_name,
        'age_band' as attribute_name,
        age_band as attribute_value,
        net_revenue_amount
    from shareable_customers

    union all

    select
        customer_id,
        segment_name,
        'all' as attribute_name,
        'all' as attribute_value,
        net_revenue_amount
    from shareable_customers
),

group_counts as (
    select
        segment_name,
        attribute_name,
        attribute_value,
        count(distinct customer_id) as people_count,
        sum(net_revenue_amount) as net_revenue_amount
    from attribute_values
    group by 1, 2, 3
)

select * from group_counts
