{#- Per raw export: rows read, staged, quarantined and removed as duplicates, each counted from its own relation. -#}
with

quarantined as (
    select * from {{ ref('quarantined_rows') }}
),

counted as (
    {% for export in firstparty.staged_exports() -%}
        select
            '{{ export.source }}_{{ export.table }}' as source_name,
            (
                select count(*) as row_count from {{ firstparty.raw_source(export.source, export.table) }}
            ) as raw_row_count,
            (
                select count(*) as row_count from {{ ref('stg_' ~ export.source ~ '__' ~ export.entity) }}
            ) as staged_row_count,
            (
                select count(*) as row_count from {{ ref('base_' ~ export.source ~ '__' ~ export.entity) }}
                where row_status = 'duplicate'
            ) as duplicate_row_count
        {% if not loop.last -%}
            union all
        {% endif -%}
    {%- endfor %}
),

quarantined_per_export as (
    select
        source_name,
        count(*) as quarantined_row_count
    from quarantined
    group by source_name
),

reconciled as (
    select
        counted.source_name,
        counted.raw_row_count,
        counted.staged_row_count,
        coalesce(quarantined_per_export.quarantined_row_count, 0) as quarantined_row_count,
        counted.duplicate_row_count,
        counted.raw_row_count
        - counted.staged_row_count
        - coalesce(quarantined_per_export.quarantined_row_count, 0)
        - counted.duplicate_row_count as unaccounted_row_count
    from counted
    left join quarantined_per_export
        on counted.source_name = quarantined_per_export.source_name
)

select * from reconciled
