{# True for a row of `source_name` (an export such as 'web_events') older than its retention class's window. #}
{#
    A row is expired when its aging timestamp (retention_policies) is before as_of minus the class's
    var retention_days; a row exactly at that cutoff is still kept. Null timestamps never expire (such
    rows are quarantined for their timestamp). `relation_alias` qualifies the row's columns.
#}
{% macro is_expired(source_name, relation_alias) -%}
    {%- set policy = firstparty.retention_policies()[source_name] -%}
    {%- set windows = var('retention_days') -%}
    {%- if policy['class'] not in windows -%}
        {{ exceptions.raise_compiler_error(
            "retention class '" ~ policy['class'] ~ "' of " ~ source_name ~ " has no entry in var retention_days") }}
    {%- endif -%}
    {%- set days = windows[policy['class']] -%}
    {%- if days is none -%}
        false
    {%- else -%}
        {%- set cutoff = dbt.dateadd('day', -1 * (days | int), firstparty.as_of_timestamp()) -%}
        {%- if 'parent' in policy -%}
            {%- set parent = policy['parent'] -%}
            exists (
                select 1 as is_expired
                from {{ ref(parent['model']) }} as parent_rows
                where
                    parent_rows.{{ parent['key'] }} = {{ relation_alias }}.{{ parent['key'] }}
                    and parent_rows.row_status = 'staged'
                    and parent_rows.{{ parent['column'] }} < {{ cutoff }}
            )
        {%- else -%}
            coalesce({{ relation_alias }}.{{ policy['column'] }} < {{ cutoff }}, false)
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
