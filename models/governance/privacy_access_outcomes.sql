{#- What became of every staged access request, one row each, so that no request is silently dropped.

    - exported: privacy_access_export holds the requester's fields.
    - no_records_found: the request's record maps to a customer who holds no staged record but privacy
      requests. Nothing else in the exports carries the email or phone the request gave (for example
      a CRM contact with no email, when the request gave no phone), so there is nothing to export:
      the requester is told that no other data is held under those identifiers, or asked for another
      one.
    - subject_erased: the subject was erased, so nothing of theirs is left to export.
    - not_mapped: the request's record has no customer_id: its cluster is held (oversized or
      conflicting) or it carries no usable identifier (identity_issues). Needs a person to handle it.
    - not_exported: a customer with records outside privacy requests got no export. Never expected:
      the singular test assert_every_access_request_of_a_known_customer_is_exported fails on it. -#}
with

privacy_requests as (
    select * from {{ ref('stg_privacy__requests') }}
),

record_map as {{ firstparty.not_materialized() }} (
    select * from {{ ref('customer_record_map') }}
),

access_export as (
    select * from {{ ref('privacy_access_export') }}
),

access_requests as (
    select
        request_id,
        jurisdiction,
        received_at,
        is_subject_erased
    from privacy_requests
    where request_type = 'access'
),

requesters as (
    select
        access_requests.request_id,
        record_map.customer_id
    from access_requests
    inner join record_map
        on
            record_map.source_name = 'privacy_requests'
            and access_requests.request_id = record_map.source_record_id
),

exportable_records_per_request as (
    select
        requesters.request_id,
        count(*) as exportable_record_count
    from requesters
    inner join record_map
        on requesters.customer_id = record_map.customer_id
    where record_map.source_name != 'privacy_requests'
    group by requesters.request_id
),

exported_per_request as (
    select
        request_id,
        count(distinct source_name || ':' || source_record_id) as exported_record_count,
        count(*) as exported_field_count
    from access_export
    group by request_id
),

outcomes as (
    select
        access_requests.request_id,
        access_requests.jurisdiction,
        access_requests.received_at,
        case
            when exported_per_request.request_id is not null then 'exported'
            when access_requests.is_subject_erased then 'subject_erased'
            when requesters.request_id is null then 'not_mapped'
            when exportable_records_per_request.request_id is null then 'no_records_found'
            else 'not_exported'
        end as access_outcome,
        coalesce(exportable_records_per_request.exportable_record_count, 0) as exportable_record_count,
        coalesce(exported_per_request.exported_record_count, 0) as exported_record_count,
        coalesce(exported_per_request.exported_field_count, 0) as exported_field_count
    from access_requests
    left join requesters
        on access_requests.request_id = requesters.request_id
    left join exportable_records_per_request
        on access_requests.request_id = exportable_records_per_request.request_id
    left join exported_per_request
        on access_requests.request_id = exported_per_request.request_id
)

select * from outcomes
