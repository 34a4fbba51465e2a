-- Retention on the data itself: no stg_ row is older than its retention class's window at as_of
-- (the unit tests prove the boundary; this proves every export with a window is filtered).
{%- set windows = var('retention_days') %}
{%- set exports = [] %}
{%- for export in firstparty.staged_exports() %}
    {%- set source_name = export.source ~ '_' ~ export.table %}
    {%- if windows[firstparty.retention_policies()[source_name]['class']] is not none %}
        {%- do exports.append(export) %}
    {%- endif %}
{%- endfor %}
{%- for export in exports %}
    {%- set source_name = export.source ~ '_' ~ export.table %}
    select
        '{{ source_name }}' as source_name,
        count(*) as expired_row_count
    from {{ ref('stg_' ~ export.source ~ '__' ~ export.entity) }} as staged_rows
    where {{ firstparty.is_expired(source_name, 'staged_rows') }}
    having count(*) > 0
    {% if not loop.last -%}
        union all
    {% endif -%}
{%- endfor %}
