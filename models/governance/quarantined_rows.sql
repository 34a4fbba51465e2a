{#- Every raw row that did not reach staging for a reason other than being an exact copy. -#}
with

quarantined as (
    {% for export in firstparty.staged_exports() -%}
        select
            '{{ export.source }}_{{ export.table }}' as source_name,
            {{ export.key }} as source_record_id,
            raw_row_hash,
            coalesce(quarantine_reason, 'superseded_version') as quarantine_reason,
            coalesce(quarantine_column, '{{ export.key }}') as quarantine_column
        from {{ ref('base_' ~ export.source ~ '__' ~ export.entity) }}
        where row_status in ('quarantined', 'superseded')
        {% if not loop.last -%}
            union all
        {% endif -%}
    {%- endfor %}
)

select * from quarantined
