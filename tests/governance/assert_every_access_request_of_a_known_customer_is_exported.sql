{{ config(group='governance') }}

-- Access requests are honoured or reported, never dropped. A staged access request whose subject is not
-- erased and whose record identity maps to a customer must be either
--   - exported: that customer's data is in privacy_access_export, and privacy_access_outcomes says
--     exported; or
--   - reported as no_records_found in privacy_access_outcomes, which is legitimate only when the customer
--     holds no record outside privacy requests (nothing but the request carries its email or phone), so
--     there is nothing to export.
-- Each failing row names the request and what is wrong with it.
with

requests as (
    select * from {{ ref('stg_privacy__requests') }}
),

record_map as {{ firstparty.not_materialized() }} (
    select * from {{ ref('customer_record_map') }}
),

access_export as (
    select * from {{ ref('privacy_access_export') }}
),

outcomes as (
    select * from {{ ref('privacy_access_outcomes') }}
),

known_requests as (
    select
        requests.request_id,
        record_map.customer_id
    from requests
    inner join record_map
        on
            record_map.source_name = 'privacy_requests'
            and requests.request_id = record_map.source_record_id
    where
        requests.request_type = 'access'
        and not requests.is_subject_erased
),

customers_with_exportable_records as (
    select distinct customer_id
    from record_map
    where source_name != 'privacy_requests'
),

checked as (
    select
        known_requests.request_id,
        known_requests.request_id in (select access_export.request_id from access_export) as is_exported,
        known_requests.customer_id in (
            select customers_with_exportable_records.customer_id from customers_with_exportable_records
        ) as has_exportable_records,
        outcomes.access_outcome
    from known_requests
    left join outcomes
        on known_requests.request_id = outcomes.request_id
),

failures as (
    select
        request_id,
        access_outcome,
        case
            when access_outcome is null then 'no outcome reported'
            when is_exported and access_outcome != 'exported' then 'exported but reported as ' || access_outcome
            when is_exported then null
            when has_exportable_records then 'the customer has records but nothing was exported'
            when access_outcome != 'no_records_found' then 'nothing to export but reported as ' || access_outcome
        end as failure
    from checked
)

select * from failures
where failure is not null
