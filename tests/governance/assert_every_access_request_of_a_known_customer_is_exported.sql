{{ config(group='governance') }}

-- Access requests are honoured: every staged access request whose subject is not erased and whose record
-- identity maps to a customer has that customer's data in privacy_access_export.
with

requests as (
    select * from {{ ref('stg_privacy__requests') }}
),

record_map as (
    select * from {{ ref('customer_record_map') }}
),

access_export as (
    select * from {{ ref('privacy_access_export') }}
)

select requests.request_id
from requests
inner join record_map
    on
        record_map.source_name = 'privacy_requests'
        and requests.request_id = record_map.source_record_id
where
    requests.request_type = 'access'
    and not requests.is_subject_erased
    and requests.request_id not in (select access_export.request_id from access_export)
