{# Per raw export, the columns besides identifiers that the erasure closure or retention read straight from the raw export. #}
{#
    Read from the export registry (export_registry: each export's attributes in
    src/firstparty/exports.py). Same shape as erasure_identifiers' parse specs (`raw` column, `parse`:
    id, code with its `codes`, timestamp). The base_ models select these columns through export_column
    too, so the closure (web purchase times, order times, request types, consent subject types) and
    order lines' retention see exactly what staging sees.
#}
{% macro export_attributes() -%}
    {%- set attributes = {} -%}
    {%- for export in firstparty.export_registry() if export['attributes'] -%}
        {%- do attributes.update({export['name']: export['attributes']}) -%}
    {%- endfor -%}
    {{ return(attributes) }}
{%- endmacro %}
