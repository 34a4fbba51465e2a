-- A privacy request staging could not read (privacy_request_exceptions) is never honoured: the build
-- fails until it is fixed in the export or an operator who handled it by hand lists its raw_row_hash in
-- seeds/governance/privacy_request_acknowledgements.csv. Each failing request is also logged by name,
-- with why and its deadline, so the error says which requests to act on.
{{ config(group='governance', severity='error') }}

{%- if execute and load_relation(ref('privacy_request_exceptions')) is not none %}
    {%- set pending = run_query(
        "select exception_description, cast(due_at as " ~ dbt.type_string() ~ ") as due_at from "
        ~ ref('privacy_request_exceptions') ~ " where not is_acknowledged order by request_ref") %}
    {%- for row in pending.rows %}
        {%- do exceptions.warn(
            'firstparty: privacy ' ~ row[0] ~ ' (due ' ~ (row[1] or 'unknown') ~ '). Fix it in the '
            ~ 'privacy_requests export, or handle it by hand and list its raw_row_hash in '
            ~ 'seeds/governance/privacy_request_acknowledgements.csv (README "Privacy requests").') %}
    {%- endfor %}
{%- endif %}

select
    request_ref,
    exception_description,
    due_at
from {{ ref('privacy_request_exceptions') }}
where not is_acknowledged
