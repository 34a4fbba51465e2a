{{ config(access='public') }}

{#- What governance did, in one table for BI: quarantined rows by source and reason, what staging kept,
    erased and let expire per export, every privacy request with its deadline, consent coverage by
    purpose and channel, the retention windows, and the count of unclassified columns (must be 0).

    Unclassified columns are counted from the project's graph when this model compiles: documented
    columns of its models and seeds whose meta.pii is not in var privacy_classes; detail names them. It
    reads no database metadata, so the count does not depend on build order or on the previous run. A
    built column with no yml entry at all is caught by the enforced contracts of the public models and,
    for every relation, by tests_py/test_project_contract.py after the build. A unit test has no graph:
    there the count is 0 (the data test on the built model checks it). -#}
{%- set classes = var('privacy_classes') -%}
{%- set unclassified = [] -%}
{%- if execute and model.resource_type != 'unit_test' -%}
    {%- for node in graph.nodes.values() | sort(attribute='unique_id')
        if node.resource_type in ['model', 'seed'] and node.package_name == project_name
        and node.config.materialized != 'ephemeral' and node.config.enabled -%}
        {%- for column in node.columns.values() if column.meta.get('pii') not in classes -%}
            {%- do unclassified.append(node.name ~ '.' ~ column.name) -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endif -%}

with

quarantined as (
    select * from {{ ref('quarantined_rows') }}
),

reconciliation as (
    select * from {{ ref('staging_reconciliation') }}
),

request_log as (
    select * from {{ ref('privacy_request_log') }}
),

access_outcomes as (
    select * from {{ ref('privacy_access_outcomes') }}
),

request_exceptions as (
    select * from {{ ref('privacy_request_exceptions') }}
),

consent as (
    select * from {{ ref('consent_state') }}
),

quarantine_section as (
    select
        'quarantine' as report_section,
        source_name as item,
        quarantine_reason as detail,
        'quarantined_rows' as metric,
        cast(count(*) as {{ type_double() }}) as metric_value
    from quarantined
    group by source_name, quarantine_reason
),

staging_section as (
    {%- for metric in ['raw_row_count', 'staged_row_count', 'quarantined_row_count', 'duplicate_row_count',
        'erased_row_count', 'expired_row_count', 'unaccounted_row_count'] %}
        select
            'staging' as report_section,
            source_name as item,
            cast(null as {{ dbt.type_string() }}) as detail,
            '{{ metric }}' as metric,
            cast({{ metric }} as {{ type_double() }}) as metric_value
        from reconciliation
        {% if not loop.last -%}
            union all
        {% endif -%}
    {%- endfor %}
),

request_durations as (
    {%- set seconds_to_complete = dbt.datediff('received_at', 'completed_at', 'second') | trim %}
    select
        *,
        {{ seconds_to_complete }} as seconds_to_complete
    from request_log
),

privacy_request_section as (
    select
        'privacy_requests' as report_section,
        request_id as item,
        jurisdiction || ' ' || request_type as detail,
        'days_to_complete' as metric,
        cast(seconds_to_complete as {{ type_double() }}) / 86400 as metric_value,
        received_at,
        due_at,
        completed_at,
        is_deadline_met
    from request_durations
),

{# Every access request's outcome (privacy_access_outcomes), so a request with nothing to export
    (no_records_found), a held or unmapped requester (not_mapped) or an erased subject is reported. #}
access_outcome_section as (
    select
        'privacy_requests' as report_section,
        request_id as item,
        jurisdiction || ' access: ' || access_outcome as detail,
        'exported_field_count' as metric,
        cast(exported_field_count as {{ type_double() }}) as metric_value,
        received_at,
        cast(null as {{ dbt.type_timestamp() }}) as due_at,
        cast(null as {{ dbt.type_timestamp() }}) as completed_at,
        cast(null as {{ dbt.type_boolean() }}) as is_deadline_met
    from access_outcomes
),

{# Every privacy request staging could not read (privacy_request_exceptions): never honoured by a run,
    so reported with its deadline; completed_at is when an operator handled it by hand, if one did. #}
request_exception_section as (
    select
        'privacy_requests' as report_section,
        request_ref as item,
        case
            when is_acknowledged
                then {{ dbt.concat(["'handled by hand: '", "coalesce(acknowledgement_note, '')"]) }}
            else {{ dbt.concat(["'cannot be honoured: '", 'quarantine_reason', "' in '", 'quarantine_column']) }}
        end as detail,
        'unhonoured_request' as metric,
        cast(1 as {{ type_double() }}) as metric_value,
        received_at,
        due_at,
        handled_at as completed_at,
        case
            when handled_at is not null then handled_at <= due_at
            when due_at < {{ firstparty.as_of_timestamp() }} then false
        end as is_deadline_met
    from request_exceptions
),

consent_per_customer as (
    select
        purpose,
        channel,
        customer_id,
        max(case when status = 'granted' then 1 else 0 end) as is_granted
    from consent
    group by purpose, channel, customer_id
),

consent_section as (
    select
        'consent_coverage' as report_section,
        purpose as item,
        channel as detail,
        'granted_customer_share' as metric,
        cast(sum(is_granted) as {{ type_double() }}) / count(*) as metric_value
    from consent_per_customer
    group by purpose, channel
),

retention_section as (
    {%- for retention_class, days in var('retention_days').items() | sort %}
        select
            'retention' as report_section,
            '{{ retention_class }}' as item,
            {% if days is none -%}
                'kept while the source exports it'
            {%- else -%}
                'rows older than this are not carried forward'
            {%- endif %} as detail,
            'retention_days' as metric,
            cast({{ 'null' if days is none else days }} as {{ type_double() }}) as metric_value
        {% if not loop.last -%}
            union all
        {% endif -%}
    {%- endfor %}
),

classification_section as (
    select
        'classification' as report_section,
        'project models and seeds' as item,
        '{{ (unclassified | join(", ") | replace("'", "''"))[:500] if unclassified else "none" }}' as detail,
        'unclassified_columns' as metric,
        cast({{ unclassified | length }} as {{ type_double() }}) as metric_value
),

undated_sections as (
    select * from quarantine_section
    union all
    select * from staging_section
    union all
    select * from consent_section
    union all
    select * from retention_section
    union all
    select * from classification_section
),

report as (
    select
        report_section,
        item,
        detail,
        metric,
        metric_value,
        cast(null as {{ dbt.type_timestamp() }}) as received_at,
        cast(null as {{ dbt.type_timestamp() }}) as due_at,
        cast(null as {{ dbt.type_timestamp() }}) as completed_at,
        cast(null as {{ dbt.type_boolean() }}) as is_deadline_met
    from undated_sections
    union all
    select
        report_section,
        item,
        detail,
        metric,
        metric_value,
        received_at,
        due_at,
        completed_at,
        is_deadline_met
    from privacy_request_section
    union all
    select
        report_section,
        item,
        detail,
        metric,
        metric_value,
        received_at,
        due_at,
        completed_at,
        is_deadline_met
    from access_outcome_section
    union all
    select
        report_section,
        item,
        detail,
        metric,
        metric_value,
        received_at,
        due_at,
        completed_at,
        is_deadline_met
    from request_exception_section
)

select * from report
