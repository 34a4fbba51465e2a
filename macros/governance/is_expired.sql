{# True for a row of `source_name` (an export such as 'web_events') older than its retention class's window. #}
{#
    A row is expired when its aging timestamp (retention_policies) is before as_of minus the class's
    var retention_days; a row exactly at that cutoff is still kept. Null timestamps never expire (such
    rows are quarantined for their timestamp). A row without a timestamp of its own expires when its
    parent (an order line's order) has a raw row with that key older than the cutoff; the parent is read
    from its raw export, because its base_ table keeps no key of an expired row. `relation_alias`
    qualifies the row's columns.
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
            {%- set parent_source, parent_table = parent['export'].split('_', 1) -%}
            exists (
                select 1 as is_expired
                from {{ firstparty.raw_source(parent_source, parent_table) }} as parent_rows
                where
                    {{ firstparty.export_column(parent['export'], parent['key']) }}
                    = {{ relation_alias }}.{{ parent['key'] }}
                    and {{ firstparty.export_column(parent['export'], parent['column']) }} < {{ cutoff }}
            )
        {%- else -%}
            coalesce({{ relation_alias }}.{{ policy['column'] }} < {{ cutoff }}, false)
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
