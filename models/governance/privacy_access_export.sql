{#- The subject access export: for every access request, every staged field of every record identity
    ties to the requester (customer_record_map), one row per field, with the field's privacy class.

    The records are those of the customer_id(s) the request's own record maps to, so an access request
    sees exactly what firstparty would join for that person. Requests whose subject was erased, or whose
    record maps to no customer, export nothing. Fields come from each stg_ model's documented columns. -#}
{%- set exports = firstparty.staged_exports() | rejectattr('source', 'equalto', 'privacy') | list -%}

with

privacy_requests as (
    select * from {{ ref('stg_privacy__requests') }}
),

record_map as {{ firstparty.not_materialized() }} (
    select * from {{ ref('customer_record_map') }}
),

{% for export in exports -%}
    {{ export.source }}_{{ export.table }} as (
        select * from {{ ref('stg_' ~ export.source ~ '__' ~ export.entity) }}
    ),

{% endfor -%}

requesters as (
    select distinct
        privacy_requests.request_id,
        record_map.customer_id
    from privacy_requests
    inner join record_map
        on
            record_map.source_name = 'privacy_requests'
            and privacy_requests.request_id = record_map.source_record_id
    where
        privacy_requests.request_type = 'access'
        and not privacy_requests.is_subject_erased
),

requested_records as (
    select
        requesters.request_id,
        requesters.customer_id,
        record_map.source_name,
        record_map.source_record_id
    from requesters
    inner join record_map
        on requesters.customer_id = record_map.customer_id
),

access_export as (
    {%- set selects = [] %}
    {%- for export in exports %}
        {%- set node_id = 'model.firstparty.stg_' ~ export.source ~ '__' ~ export.entity %}
        {%- set node = graph.nodes.get(node_id) if execute else none %}
        {%- for column in (node.columns.values() | list if node else []) %}
            {%- do selects.append({
                'source_name': export.source ~ '_' ~ export.table,
                'key': export.key,
                'column': column.name,
                'class': column.meta.get('pii', 'unclassified'),
            }) %}
        {%- endfor %}
    {%- endfor %}
    {%- if selects | length == 0 %}
        select
            cast(null as {{ dbt.type_string() }}) as request_id,
            cast(null as {{ dbt.type_string() }}) as customer_id,
            cast(null as {{ dbt.type_string() }}) as source_name,
            cast(null as {{ dbt.type_string() }}) as source_record_id,
            cast(null as {{ dbt.type_string() }}) as field_name,
            cast(null as {{ dbt.type_string() }}) as privacy_class,
            cast(null as {{ dbt.type_string() }}) as field_value
        where false
    {%- endif %}
    {%- for field in selects %}
        select
            requested_records.request_id,
            requested_records.customer_id,
            requested_records.source_name,
            requested_records.source_record_id,
            '{{ field.column }}' as field_name,
            '{{ field.class }}' as privacy_class,
            cast(exported_records.{{ field.column }} as {{ dbt.type_string() }}) as field_value
        from requested_records
        inner join {{ field.source_name }} as exported_records
            on
                requested_records.source_name = '{{ field.source_name }}'
                and requested_records.source_record_id
                = cast(exported_records.{{ field.key }} as {{ dbt.type_string() }})
        where exported_records.{{ field.column }} is not null
        {% if not loop.last -%}
            union all
        {% endif -%}
    {%- endfor %}
)

select * from access_export
