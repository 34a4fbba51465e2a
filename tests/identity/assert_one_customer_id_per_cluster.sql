-- customer_id names clusters one to one: every record of a cluster has the same customer_id, and no
-- customer_id is given to two clusters.

{{ config(group='identity') }}

with

assignments as {{ firstparty.not_materialized() }} (
    select * from {{ ref('int_identity__customer_assignments') }}
),

ids_per_cluster as (
    select
        'cluster with several customer ids' as failure,
        cluster_key as subject,
        count(distinct customer_id) as distinct_count
    from assignments
    group by cluster_key
    having count(distinct customer_id) > 1
),

clusters_per_id as (
    select
        'customer id on several clusters' as failure,
        customer_id as subject,
        count(distinct cluster_key) as distinct_count
    from assignments
    group by customer_id
    having count(distinct cluster_key) > 1
),

failures as (
    select * from ids_per_cluster
    union all
    select * from clusters_per_id
)

select * from failures
