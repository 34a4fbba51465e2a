{#- The raw row count of every export: the one staging model that reads every source, so that
    staging_reconciliation compares what the base_ and stg_ models and quarantine account for with the
    exports themselves while only staging reads sources. -#}
{% for export in firstparty.staged_exports() -%}
    select
        '{{ export.source }}_{{ export.table }}' as source_name,
        count(*) as raw_row_count
    from {{ firstparty.raw_source(export.source, export.table) }}
    {% if not loop.last -%}
        union all
    {% endif -%}
{%- endfor %}
