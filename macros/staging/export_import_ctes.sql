{# One import CTE per export, named <source>_<table>, selecting its stg_ model: what the unions over the exports read. #}
{#
    `exports` is a list of export_registry entries (every export, or those a union needs). Renders
    `<name> as (select * from ref(<stg_model>)),` for each, so it goes right after `with` or a CTE's `),` and
    its blank line, called as `{{ firstparty.export_import_ctes(...) -}}` on a line of its own.
#}
{% macro export_import_ctes(exports) -%}
    {%- for export in firstparty.unit_exports(exports) -%}
{{ export['name'] }} as (
    select * from {{ ref(export['stg_model']) }}
),

{% endfor -%}
{%- endmacro %}
