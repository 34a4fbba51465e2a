{{
    config(
        materialized='erasure_closure',
        full_refresh=false,
        blocklist='ref_identity_blocklist',
        max_profile_records_per_identifier=var('erasure_max_profile_records_per_identifier'),
        access='protected',
    )
}}

{#- The erasure ledger: a keyed hash of every identifier of every erased person, and nothing else.

    Erasure requests (privacy export, request_type erasure) name an email and/or a phone. Every raw row
    (whatever staging will make of it) carrying a reached identifier is the person's, and its other
    identifiers are reached in turn, until nothing new is reached. This model's SQL is the graph the
    closure walks, one row per raw row: its identifiers side by side in slots (identifier_type_<n>,
    identifier_value_<n>) and, for a profile or contact record, a key telling it apart from other records
    (profile_record_key); plus one row per requested identifier (request_id set, slot 1). The
    erasure_closure materialization (macros/governance) walks it in rounds, each round looking up only
    the identifiers reached in the previous one, and appends the keyed hashes of what it reached to this
    table: no plain identifier is written to the database.
    Besides shared identifiers, a web purchase confirmation and a shop order placed in the same second
    are linked when each is the other's only candidate. An email also reaches its SHA-256 (an ad
    conversion's hashed_email). Identifiers on more than
    var erasure_max_profile_records_per_identifier profile and contact records (a switchboard phone),
    and identifiers identity's blocklist names (placeholders such as a@a.com, role mailboxes, test
    numbers: seeds/reference/ref_identity_blocklist.csv), carry nothing on and are not tombstoned.

    Only HMAC-SHA256 hashes of '<type>:<value>' are stored (macro tombstone_hash, key from the
    environment), so the ledger holds no raw PII. Appended run after run and kept through
    `dbt build --full-refresh` (full_refresh: false): staging keeps consulting it after the request or
    the person's records leave the exports, so that the same identifiers arriving again are dropped. -#}
-- depends_on: {{ ref('ref_identity_blocklist') }} (config blocklist: the materialization checks what it reaches)
{%- set identifiers = firstparty.erasure_identifiers() %}
{%- set profile_sources = firstparty.export_registry() | selectattr('record_kind', 'in', ['profile', 'contact'])
    | map(attribute='name') | list %}
{#- The rows told apart by a hash of what the closure reads: profile and contact records (an identifier on
    too many of them links no one) and the two sides of the purchase-time rule. -#}
{%- set keyed_sources = profile_sources + ['web_events', 'shop_orders'] %}
{#- The purchase-time rule pairs a shop order with a web purchase: of a web event it reads the time and the
    key only when the event is a purchase (most are page views; with the join below, this statement alone
    2.1 -> 1.7 s at 100k persons and 21-24 -> 19-20 s at 1M, docs/scale.md). -#}
{%- set purchase_event = firstparty.export_column('web_events', 'event_type') ~ " = 'purchase'" %}
{#- Each export's identifier slots: its identifier columns, an email's SHA-256 beside it (the ads export
    carries emails hashed), and on web events the order the purchase-time rule pairs with the event. -#}
{%- set graph_slots = {} %}
{%- for source_name, columns in identifiers.items() %}
    {%- set slots = [] %}
    {%- for identifier in columns %}
        {%- set value = source_name ~ '.' ~ identifier['column'] %}
        {%- if identifier['type'].startswith("'") %}
            {%- do slots.append({'type': identifier['type'], 'value': value}) %}
            {%- if identifier['type'] == "'email'" %}
                {%- do slots.append({'type': "'email_sha256'", 'value': firstparty.sha256_hex(value)}) %}
            {%- endif %}
        {%- else %}
            {%- set type = source_name ~ '.' ~ identifier['type'] %}
            {%- do slots.append({'type': type, 'value': value}) %}
            {%- do slots.append({
                'type': "case when " ~ type ~ " = 'email' then 'email_sha256' end",
                'value': "case when " ~ type ~ " = 'email' then " ~ firstparty.sha256_hex(value) ~ " end",
            }) %}
        {%- endif %}
    {%- endfor %}
    {%- if source_name == 'web_events' %}
        {%- do slots.append({'type': "'shop_order_id'", 'value': 'web_events.purchase_order_id'}) %}
    {%- endif %}
    {%- do graph_slots.update({source_name: slots}) %}
{%- endfor %}
{%- set slot_count = graph_slots.values() | map('length') | max %}

with

{% for source_name in identifiers -%}
    {%- set source, table = source_name.split('_', 1) %}
    {#- A raw row's key in the closure: a hash of the columns it reads, so exact copies (and versions
        that differ only in other columns) are one record of the person. -#}
    {%- set raw_columns = (identifiers[source_name] | map(attribute='raw') | list)
        + (identifiers[source_name] | selectattr('country', 'defined') | map(attribute='country') | list)
        + (firstparty.export_attributes().get(source_name, {}).values() | map(attribute='raw') | list) %}
    {{ source_name }} as (
        -- the identifiers (and the few columns the closure needs) of every raw row, parsed as its base_
        -- model parses them (export_column), straight from the raw export
        select
            {%- for identifier in identifiers[source_name] %}
                {{ firstparty.export_column(source_name, identifier['column']) }} as {{ identifier['column'] }},
            {%- endfor %}
            {%- for column in firstparty.export_attributes().get(source_name, {}) %}
                {%- if source_name == 'web_events' and column != 'event_type' %}
                    case when {{ purchase_event }} then {{ firstparty.export_column(source_name, column) }} end
                        as {{ column }},
                {%- else %}
                    {{ firstparty.export_column(source_name, column) }} as {{ column }},
                {%- endif %}
            {%- endfor %}
            {%- if source_name == 'web_events' %}
                case when {{ purchase_event }} then {{ firstparty.row_hash(raw_columns) }} end as row_key,
            {%- elif source_name in keyed_sources %}
                {{ firstparty.row_hash(raw_columns) }} as row_key,
            {%- endif %}
            '{{ source_name }}' as source_name
        from (
            select
                {%- for identifier in identifiers[source_name] if identifier.get('country') %}
                    {{ firstparty.normalize_country('raw_rows.' ~ identifier['country']) }} as country_code,
                {%- endfor %}
                raw_rows.*
            from {{ firstparty.raw_source(source, table) }} as raw_rows
        ) as located_rows
    ),

{% endfor -%}

purchase_links as (
    select
        web_key as row_key,
        order_id
    from (
        {{ firstparty.identity_purchase_time_pairs('web_events', 'shop_orders', 'row_key', 'row_key') }}
    ) as purchase_pairs
),

{#- A web event's columns in the graph, and the order the purchase-time rule pairs a purchase with. -#}
{%- set web_event_columns = (identifiers['web_events'] | map(attribute='column') | list)
    + (firstparty.export_attributes()['web_events'] | list) + ['row_key', 'source_name'] %}
{# Only purchases (the events with a row key) are joined to their orders: a left join of every event on
    a key null for most of them misled DuckDB's estimate, which then hashed every event (1M persons). #}
web_events_with_orders as (
    select
        {%- for column in web_event_columns %}
            web_events.{{ column }},
        {%- endfor %}
        purchase_links.order_id as purchase_order_id
    from web_events
    left join purchase_links
        on web_events.row_key = purchase_links.row_key
    where web_events.row_key is not null
    union all
    select
        {%- for column in web_event_columns %}
            web_events.{{ column }},
        {%- endfor %}
        cast(null as {{ dbt.type_string() }}) as purchase_order_id
    from web_events
    where web_events.row_key is null
),

occurrence_rows as (
    {% for source_name, columns in identifiers.items() -%}
        {%- set slots = graph_slots[source_name] %}
        select
            cast(null as {{ dbt.type_string() }}) as request_id,
            '{{ source_name }}' as source_name,
            {% if source_name in profile_sources -%}
                {{ source_name }}.row_key
            {%- else -%}
                cast(null as {{ dbt.type_string() }})
            {%- endif %} as profile_record_key,
            {%- for slot_number in range(1, slot_count + 1) %}
                {%- set slot = slots[slot_number - 1] if slot_number <= slots | length else none %}
                {% if slot is none -%}
                    cast(null as {{ dbt.type_string() }}) as identifier_type_{{ slot_number }},
                    cast(null as {{ dbt.type_string() }}) as identifier_value_{{ slot_number }}
                {%- else -%}
                    case
                        when {{ slot['value'] }} is not null then {{ slot['type'] }}
                    end as identifier_type_{{ slot_number }},
                    {{ slot['value'] }} as identifier_value_{{ slot_number }}
                {%- endif %}{% if not loop.last %},{% endif %}
            {%- endfor %}
        {% if source_name == 'web_events' -%}
            from web_events_with_orders as web_events
        {% else -%}
            from {{ source_name }}
        {% endif -%}
        {% if not loop.last -%}
            union all
        {% endif -%}
    {%- endfor %}
),

requested_identifiers as (
    select
        request_id,
        'email' as identifier_type,
        subject_email as identifier_value
    from privacy_requests
    where request_type = 'erasure' and subject_email is not null
    union all
    select
        request_id,
        'phone' as identifier_type,
        subject_phone as identifier_value
    from privacy_requests
    where request_type = 'erasure' and subject_phone is not null
),

seed_rows as (
    select
        request_id,
        cast(null as {{ dbt.type_string() }}) as source_name,
        cast(null as {{ dbt.type_string() }}) as profile_record_key,
        {%- for slot_number in range(1, slot_count + 1) %}
            {% if slot_number == 1 -%}
                identifier_type as identifier_type_1,
                identifier_value as identifier_value_1
            {%- else -%}
                cast(null as {{ dbt.type_string() }}) as identifier_type_{{ slot_number }},
                cast(null as {{ dbt.type_string() }}) as identifier_value_{{ slot_number }}
            {%- endif %}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from requested_identifiers
),

closure_graph as (
    select * from occurrence_rows
    union all
    select * from seed_rows
)

select * from closure_graph
