{#- Every raw row that did not reach staging for a reason other than being an exact copy, erased or
    past its retention window: the base_ tables already classified every raw row once (erased and expired
    rows are stubs with that row_status, macro governed_rows). -#}
with

quarantined as (
    {% for export in firstparty.staged_exports() -%}
        {%- set source_name = export.source ~ '_' ~ export.table -%}
        select
            '{{ source_name }}' as source_name,
            base_rows.{{ export.key }} as source_record_id,
            base_rows.raw_row_hash,
            coalesce(base_rows.quarantine_reason, 'superseded_version') as quarantine_reason,
            coalesce(base_rows.quarantine_column, '{{ export.key }}') as quarantine_column
        from {{ ref('base_' ~ export.source ~ '__' ~ export.entity) }} as base_rows
        where base_rows.row_status in ('quarantined', 'superseded')
        {% if not loop.last -%}
            union all
        {% endif -%}
    {%- endfor %}
)

select * from quarantined
