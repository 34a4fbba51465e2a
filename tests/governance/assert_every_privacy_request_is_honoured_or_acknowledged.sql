-- A privacy request staging could not read (privacy_request_exceptions) is never honoured: the build
-- fails until it is fixed in the export or an operator who handled it by hand lists its raw_row_hash in
-- seeds/governance/privacy_request_acknowledgements.csv. Each failing request is also logged by name,
-- with why and its deadline, so the error says which requests to act on. The test reads
-- governance_report (which lists them), so that a failure skips nothing the report needs.
{{ config(group='governance', severity='error') }}

{%- if execute and load_relation(ref('governance_report')) is not none %}
    {%- set pending = run_query(
        "select item, detail, cast(due_at as " ~ dbt.type_string() ~ ") as due_at from "
        ~ ref('governance_report') ~ " where metric = 'unhonoured_request'"
        ~ " and detail like 'cannot be honoured:%' order by item") %}
    {%- for row in pending.rows %}
        {%- do exceptions.warn(
            'firstparty: privacy request ' ~ row[0] ~ ' ' ~ row[1] ~ ' (due ' ~ (row[2] or 'unknown: received_at unreadable')
            ~ '). Fix it in the privacy_requests export, or handle it by hand and list its raw_row_hash in '
            ~ 'seeds/governance/privacy_request_acknowledgements.csv (docs/governance.md "Privacy requests").') %}
    {%- endfor %}
{%- endif %}

select
    item as request_ref,
    detail,
    due_at
from {{ ref('governance_report') }}
where
    metric = 'unhonoured_request'
    and detail like 'cannot be honoured:%'
