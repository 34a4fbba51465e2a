-- dim_customers holds exactly the customers of customer_record_map: every mapped customer_id once,
-- nothing else. Returns each customer_id that is missing, extra or repeated.
with

mapped_customers as (
    select distinct customer_id from {{ ref('customer_record_map') }}
),

dim_rows as (
    select
        customer_id,
        count(*) as row_count
    from {{ ref('dim_customers') }}
    group by 1
),

mismatches as (
    select
        coalesce(mapped_customers.customer_id, dim_rows.customer_id) as customer_id,
        coalesce(dim_rows.row_count, 0) as row_count,
        mapped_customers.customer_id is not null as is_mapped
    from mapped_customers
    full outer join dim_rows
        on mapped_customers.customer_id = dim_rows.customer_id
    where
        mapped_customers.customer_id is null
        or dim_rows.customer_id is null
        or dim_rows.row_count != 1
)

select * from mismatches
