{# Every email and phone the exports' records carry that consent_state reports (contact_points in the export registry), with the record's key. #}
{#
    Reads the import CTEs of export_import_ctes (one per export, named <source>_<table>). Null values are
    left out.
#}
{% macro contact_point_records() -%}
    {%- set selects = [] -%}
    {%- for export in firstparty.unit_exports(firstparty.export_registry()) -%}
        {%- for point in export['contact_points'] -%}
            {%- do selects.append((export['name'], export['key'], point['type'], point['column'])) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for source_name, key_column, contact_point_type, column in selects %}
    select
        '{{ source_name }}' as source_name,
        {{ key_column }} as source_record_id,
        '{{ contact_point_type }}' as contact_point_type,
        {{ column }} as contact_point
    from {{ source_name }}
    where {{ column }} is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
