{#- Per raw export: rows read (the raw export itself, counted in staging: stg_raw__export_row_counts),
    staged (the stg_ model), quarantined (quarantined_rows), and removed as duplicates, erased or expired
    (the row_status the base_ table gave each raw row, macro governed_rows). -#}
with

quarantined as (
    select * from {{ ref('quarantined_rows') }}
),

raw_row_counts as (
    select * from {{ ref('stg_raw__export_row_counts') }}
),

counted as (
    {% for export in firstparty.staged_exports() -%}
        {%- set source_name = export.source ~ '_' ~ export.table -%}
        select
            '{{ source_name }}' as source_name,
            (
                select count(*) as row_count from {{ ref('stg_' ~ export.source ~ '__' ~ export.entity) }}
            ) as staged_row_count,
            removed.duplicate_row_count,
            removed.erased_row_count,
            removed.expired_row_count
        from (
            select
                coalesce(sum(case when row_status = 'duplicate' then 1 else 0 end), 0) as duplicate_row_count,
                coalesce(sum(case when row_status = 'erased' then 1 else 0 end), 0) as erased_row_count,
                coalesce(sum(case when row_status = 'expired' then 1 else 0 end), 0) as expired_row_count
            from {{ ref('base_' ~ export.source ~ '__' ~ export.entity) }}
        ) as removed
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
        raw_row_counts.raw_row_count,
        counted.staged_row_count,
        coalesce(quarantined_per_export.quarantined_row_count, 0) as quarantined_row_count,
        counted.duplicate_row_count,
        counted.erased_row_count,
        counted.expired_row_count,
        raw_row_counts.raw_row_count
        - counted.staged_row_count
        - coalesce(quarantined_per_export.quarantined_row_count, 0)
        - counted.duplicate_row_count
        - counted.erased_row_count
        - counted.expired_row_count as unaccounted_row_count
    from counted
    left join raw_row_counts
        on counted.source_name = raw_row_counts.source_name
    left join quarantined_per_export
        on counted.source_name = quarantined_per_export.source_name
)

select * from reconciled
