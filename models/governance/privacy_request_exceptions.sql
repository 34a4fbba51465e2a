{#- Every privacy request that staging could not read, so it cannot be honoured: one row per quarantined
    request row, with why, its legal deadline and whether an operator has acknowledged handling it by hand
    (seed privacy_request_acknowledgements). The singular test
    assert_every_privacy_request_is_honoured_or_acknowledged fails the build, naming each request, while
    one is not acknowledged; governance_report lists them all.

    A request is named by its request_id, or `row:<raw_row_hash>` when it has none. The deadline runs from
    received_at as for any request (GDPR one month, CCPA 45 days); an unknown jurisdiction gets the shorter
    (GDPR) clock, and an unreadable received_at leaves the deadline unknown (null), which the report says.
    No identifier of the requester is carried. -#}
with

requests as (
    select * from {{ ref('base_privacy__requests') }}
),

acknowledgements as (
    select * from {{ ref('privacy_request_acknowledgements') }}
),

unreadable_requests as (
    select
        request_id,
        raw_row_hash,
        request_type,
        jurisdiction,
        received_at,
        quarantine_reason,
        quarantine_column
    from requests
    where row_status = 'quarantined'
),

with_deadlines as (
    select
        coalesce(request_id, {{ dbt.concat(["'row:'", 'raw_row_hash']) }}) as request_ref,
        request_id,
        raw_row_hash,
        request_type,
        jurisdiction,
        received_at,
        {{ firstparty.privacy_request_due_at('received_at', 'jurisdiction') }} as due_at,
        quarantine_reason,
        quarantine_column
    from unreadable_requests
),

exceptions as (
    select
        with_deadlines.request_ref,
        with_deadlines.request_id,
        with_deadlines.raw_row_hash,
        with_deadlines.request_type,
        with_deadlines.jurisdiction,
        with_deadlines.quarantine_reason,
        with_deadlines.quarantine_column,
        {{ dbt.concat([
            "'request '", 'with_deadlines.request_ref', "' cannot be honoured: '",
            'with_deadlines.quarantine_reason', "' in column '", 'with_deadlines.quarantine_column',
            "case when with_deadlines.due_at is null then '; received_at unreadable, deadline unknown'"
            ~ " else '' end",
        ]) }} as exception_description,
        acknowledgements.raw_row_hash is not null as is_acknowledged,
        acknowledgements.acknowledgement_note,
        with_deadlines.received_at,
        with_deadlines.due_at,
        acknowledgements.handled_at
    from with_deadlines
    left join acknowledgements
        on with_deadlines.raw_row_hash = acknowledgements.raw_row_hash
)

select * from exceptions
