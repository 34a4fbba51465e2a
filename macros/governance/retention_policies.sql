{# Which retention class each raw export belongs to, and which timestamp ages its rows. #}
{#
    Read from the export registry (export_registry: each export's retention_class and timestamp or
    parent in src/firstparty/exports.py). The windows are var retention_days (days per class, null:
    kept while the source exports the row). `column` is the export's timestamp in its base_ model; an
    export without a timestamp of its own names a `parent` instead (the parent export, key and
    timestamp, read from the raw export through export_column): an order line ages with its order.
#}
{% macro retention_policies() -%}
    {%- set policies = {} -%}
    {%- for export in firstparty.export_registry() -%}
        {%- do policies.update({export['name']: export['retention']}) -%}
    {%- endfor -%}
    {{ return(policies) }}
{%- endmacro %}
