{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        full_refresh=false,
        on_schema_change='fail',
    )
}}

{#- One row per privacy request, written by the first run that honoured it and never rewritten: the
    record of when each request was completed and whether that met its legal deadline.

    A request is completed by the run that stages it: an erasure by writing its tombstones (staging of
    that run already leaves the person out), an access request by building its privacy_access_export
    rows, an opt-out by consent_state denying sale and sharing. completed_at is that run's as_of. The
    deadline runs from received_at: one month under GDPR (Art. 12(3)), 45 days under CCPA. The log holds
    no identifier of the requester, so it outlives an erasure and the retention of the request export.
    A request received after as_of waits for a later run. Kept through --full-refresh. -#}
with

privacy_requests as (
    select * from {{ ref('stg_privacy__requests') }}
),

tombstones as (
    select * from {{ ref('erasure_tombstones') }}
),

access_export as (
    select * from {{ ref('privacy_access_export') }}
),

tombstones_per_request as (
    select
        request_id,
        count(*) as tombstone_count
    from tombstones
    group by request_id
),

exported_fields_per_request as (
    select
        request_id,
        count(*) as exported_field_count
    from access_export
    group by request_id
),

honoured as (
    select
        privacy_requests.request_id,
        privacy_requests.request_type,
        privacy_requests.jurisdiction,
        privacy_requests.received_at,
        {{ firstparty.privacy_request_due_at('privacy_requests.received_at', 'privacy_requests.jurisdiction') }}
            as due_at,
        {{ firstparty.as_of_timestamp() }} as completed_at,
        case privacy_requests.request_type
            when 'erasure' then coalesce(tombstones_per_request.tombstone_count, 0)
            when 'access' then coalesce(exported_fields_per_request.exported_field_count, 0)
        end as completion_item_count
    from privacy_requests
    left join tombstones_per_request
        on privacy_requests.request_id = tombstones_per_request.request_id
    left join exported_fields_per_request
        on privacy_requests.request_id = exported_fields_per_request.request_id
    where privacy_requests.received_at <= {{ firstparty.as_of_timestamp() }}
),

new_entries as (
    select
        request_id,
        request_type,
        jurisdiction,
        received_at,
        due_at,
        completed_at,
        completed_at <= due_at as is_deadline_met,
        completion_item_count
    from honoured
    {%- if is_incremental() %}
    where request_id not in (select logged.request_id from {{ this }} as logged)
    {%- endif %}
)

select * from new_entries
