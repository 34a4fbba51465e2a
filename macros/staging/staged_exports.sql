{# Every raw export with its source, table, key column and base/staging models: what quarantine and reconciliation loop over. #}
{#
    The export registry (export_registry, rendered from src/firstparty/exports.py): each entry's source,
    table, key (the record's key in the base_/stg_ models), entity, base_model and stg_model, besides
    what it is for identity, erasure and retention.
#}
{% macro staged_exports() -%}
    {{ return(firstparty.unit_exports(firstparty.export_registry())) }}
{%- endmacro %}
