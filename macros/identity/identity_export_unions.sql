{# The unions of int_identity__records, int_identity__identifier_occurrences and int_identity__match_profiles, generated from the export registry. #}
{#
    Each reads the import CTEs of export_import_ctes (one per export, named <source>_<table>) and loops
    over export_registry, so a new export in src/firstparty/exports.py is a record, carries its
    identifiers and, with person attributes, is compared by probabilistic matching, with no edit here.
#}

{#- Every staged record with its kind and the time it was seen: its seen_at columns (first non-null),
    or, for a record without a time of its own (an order line), its parent's timestamp. -#}
{% macro identity_staged_records() -%}
    {%- for export in firstparty.unit_exports(firstparty.export_registry()) %}
    select
        '{{ export['name'] }}' as source_name,
        {{ export['name'] }}.{{ export['key'] }} as source_record_id,
        '{{ export['record_kind'] }}' as record_kind,
        {% if export['parent'] -%}
            {{ export['parent']['export'] }}.{{ export['parent']['column'] }}
        {%- elif export['seen_at'] | length == 1 -%}
            {{ export['name'] }}.{{ export['seen_at'][0] }}
        {%- else -%}
            coalesce(
                {%- for column in export['seen_at'] %}{{ export['name'] }}.{{ column }}{% if not loop.last %}, {% endif %}{% endfor -%}
            )
        {%- endif %} as seen_at
    from {{ export['name'] }}
    {%- if export['parent'] %}
    left join {{ export['parent']['export'] }}
        on {{ export['name'] }}.{{ export['parent']['key'] }} = {{ export['parent']['export'] }}.{{ export['parent']['key'] }}
    {%- endif %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#- Every identifier that links records (links: true), as (type, value) with the record's key: an
    export's own key that nothing else refers to is followed by erasure only. -#}
{% macro identity_carried_identifiers() -%}
    {%- set selects = [] -%}
    {%- for export in firstparty.unit_exports(firstparty.export_registry()) -%}
        {%- for identifier in export['identifiers'] if identifier['links'] -%}
            {%- do selects.append((export['name'], export['key'], identifier['identity_type'], identifier['column'])) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for source_name, key_column, identifier_type, value_column in selects %}
    select
        '{{ source_name }}' as source_name,
        {{ key_column }} as source_record_id,
        {{ identifier_type }} as identifier_type,
        {{ value_column }} as identifier_value
    from {{ source_name }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#- One row per staged record of every export with person attributes (names, birth date, address),
    what the export lacks as a typed null. -#}
{% macro identity_person_records() -%}
    {%- set exports = firstparty.unit_exports(firstparty.export_registry()) | selectattr('person_attributes') | list -%}
    {%- for export in exports %}
    select
        '{{ export['name'] }}' as source_name,
        {{ export['key'] }} as source_record_id,
        {%- for attribute in ['first_name', 'last_name', 'birth_date', 'street_address', 'postcode', 'city'] %}
        {% if attribute in export['person_attributes'] -%}
            {{ attribute }}
        {%- else -%}
            cast(null as {{ 'date' if attribute == 'birth_date' else dbt.type_string() }}) as {{ attribute }}
        {%- endif %}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ export['name'] }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
