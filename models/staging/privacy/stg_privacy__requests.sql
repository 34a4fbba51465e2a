{#- Requests are kept when their subject is erased (the record that the request was honoured), with the
    subject's email and phone blanked. -#}
with

base as (
    select * from {{ ref('base_privacy__requests') }}
),

governed as (
    select
        base.*,
        {{ firstparty.is_erased('privacy_requests', 'base') }} as is_subject_erased,
        {{ firstparty.is_expired('privacy_requests', 'base') }} as is_expired
    from base
    where base.row_status = 'staged'
),

staged as (
    select
        request_id,
        request_type,
        case when not is_subject_erased then subject_email end as subject_email,
        case when not is_subject_erased then subject_phone end as subject_phone,
        jurisdiction,
        is_subject_erased,
        received_at
    from governed
    where not is_expired
)

select * from staged
