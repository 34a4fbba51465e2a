{{
    config(
        materialized='erasure_closure',
        full_refresh=false,
        access='protected',
    )
}}

{#- The erasure ledger: a keyed hash of every identifier of every erased person, and nothing else.

    Erasure requests (privacy export, request_type erasure) name an email and/or a phone. Every raw row
    (whatever staging will make of it) carrying a reached identifier is the person's, and its other
    identifiers are reached in turn, until nothing new is reached. This model's SQL is the graph the
    closure walks: the requested identifiers ('seed' rows) and every linking identifier occurrence
    ('occurrence' rows). The erasure_closure materialization (macros/governance) walks it in rounds over
    temporary tables, each round joining only the identifiers reached in the previous one, and appends
    the keyed hashes of what it reached to this table: no plain identifier is written to the database.
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
{%- set identifiers = firstparty.erasure_identifiers() %}
{%- set profile_sources = firstparty.export_registry() | selectattr('record_kind', 'in', ['profile', 'contact'])
    | map(attribute='name') | list %}

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
                {{ firstparty.export_column(source_name, column) }} as {{ column }},
            {%- endfor %}
            {{ firstparty.row_hash(raw_columns) }} as row_key
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

blocklist as (
    select * from {{ ref('ref_identity_blocklist') }}
),

carried_identifiers as (
    {% for source_name, columns in identifiers.items() -%}
        {%- for identifier in columns -%}
            select
                '{{ source_name }}' as source_name,
                row_key,
                {{ identifier['type'] }} as identifier_type,
                {{ identifier['column'] }} as identifier_value
            from {{ source_name }}
            where {{ identifier['column'] }} is not null
            {% if not loop.last -%}
                union all
            {% endif -%}
        {%- endfor %}
        {% if not loop.last -%}
            union all
        {% endif -%}
    {%- endfor %}
),

purchase_links as (
    select
        'web_events' as source_name,
        web_key as row_key,
        'shop_order_id' as identifier_type,
        order_id as identifier_value
    from (
        {{ firstparty.identity_purchase_time_pairs('web_events', 'shop_orders', 'row_key', 'row_key') }}
    ) as purchase_pairs
),

email_digests as (
    select
        source_name,
        row_key,
        'email_sha256' as identifier_type,
        {{ firstparty.sha256_hex('identifier_value') }} as identifier_value
    from carried_identifiers
    where identifier_type = 'email'
),

occurrences as (
    select * from carried_identifiers
    union all
    select * from purchase_links
    union all
    select * from email_digests
),

profile_records_per_identifier as (
    select
        identifier_type,
        identifier_value,
        count(distinct source_name || ':' || row_key) as profile_record_count
    from occurrences
    where
        source_name in (
            {%- for profile_source in profile_sources %}
                '{{ profile_source }}'{% if not loop.last %},{% endif %}
            {%- endfor %}
        )
    group by identifier_type, identifier_value
),

shared_identifiers as (
    select
        identifier_type,
        identifier_value
    from profile_records_per_identifier
    where profile_record_count > {{ var('erasure_max_profile_records_per_identifier') | int }}
),

blocked_identifiers as (
    select distinct
        occurrences.identifier_type,
        occurrences.identifier_value
    from occurrences
    inner join blocklist
        on occurrences.identifier_type = blocklist.identifier_type
    where
        (blocklist.match_type = 'exact' and occurrences.identifier_value = blocklist.blocked_value)
        or {{ firstparty.identity_blocklist_pattern_matches('occurrences.identifier_value') }}
),

unlinkable_identifiers as (
    select * from shared_identifiers
    union
    select * from blocked_identifiers
    union
    -- a blocked email is blocked in its hashed form too
    select
        'email_sha256' as identifier_type,
        {{ firstparty.sha256_hex('identifier_value') }} as identifier_value
    from blocked_identifiers
    where identifier_type = 'email'
),

linking_occurrences as (
    select occurrences.*
    from occurrences
    left join unlinkable_identifiers
        on
            occurrences.identifier_type = unlinkable_identifiers.identifier_type
            and occurrences.identifier_value = unlinkable_identifiers.identifier_value
    where unlinkable_identifiers.identifier_value is null
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

closure_graph as (
    select
        'occurrence' as row_kind,
        cast(null as {{ dbt.type_string() }}) as request_id,
        source_name,
        row_key,
        identifier_type,
        identifier_value
    from linking_occurrences
    union all
    select
        'seed' as row_kind,
        request_id,
        cast(null as {{ dbt.type_string() }}) as source_name,
        cast(null as {{ dbt.type_string() }}) as row_key,
        identifier_type,
        identifier_value
    from requested_identifiers
)

select * from closure_graph
