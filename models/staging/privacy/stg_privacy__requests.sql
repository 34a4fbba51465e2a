{{ config(materialized='view') }}

{#- Requests are kept when their subject is erased (the record that the request was honoured): the base_
    table already blanked the subject's email and phone (macro governed_rows). -#}
with

base as (
    select * from {{ ref('base_privacy__requests') }}
),

staged as (
    select
        request_id,
        request_type,
        subject_email,
        subject_phone,
        jurisdiction,
        is_subject_erased,
        received_at
    from base
    where row_status = 'staged'
)

select * from staged
