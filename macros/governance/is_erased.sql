{# True for a row of `source_name` carrying any identifier whose keyed hash is in the erasure tombstones. #}
{#
    One lookup per identifier column (erasure_identifiers): macro is_erased_identifier, the keyed hash of
    the row's value (or of each distinct value of the export, below) looked up in the tombstones.
    `relation_alias` qualifies the row's columns. Staging calls this to drop erased rows, quarantine
    and reconciliation to leave them out and count them; a tombstoned identifier that arrives again in
    a new record is dropped the same way. After a key rotation each identifier is also hashed under every
    key of FIRSTPARTY_HMAC_PREVIOUS_KEYS (tombstone_key_slots), so tombstones of the earlier key still match.
#}
{% macro is_erased(source_name, relation_alias) -%}
    (
    {%- for identifier in firstparty.erasure_identifiers()[source_name] %}
        {% if not loop.first %}or {% endif -%}
        {{ firstparty.is_erased_identifier(source_name, identifier, relation_alias) }}
    {%- endfor %}
    )
{%- endmacro %}

{#- True when the row's value of one identifier (an entry of erasure_identifiers) is tombstoned under any key
    slot, never null. Dispatched: default__ hashes the row's value (is_tombstoned per key slot). duckdb__
    and postgres__ hash each distinct value of the export once instead, when the identifier links records
    (many rows carry each value: a web event's anonymous_id, an order line's order) and its value is
    parsed from its raw columns alone (no country read beside a phone): the export's distinct raw values,
    parsed as staging parses them (export_column), hashed, and the tombstoned ones looked up by value
    while the rows stream past. At 100k persons base_web__events took 3.3-3.6 s alone
    instead of 4.3-4.8 (the same rows): its anonymous ids, on 1.2M rows, are 109k values. A record's own
    key (one value per record) is hashed per row, which costs less than collecting its distinct values. -#}
{% macro is_erased_identifier(source_name, identifier, relation_alias) -%}
    {{ return(adapter.dispatch('is_erased_identifier', 'firstparty')(source_name, identifier, relation_alias)) }}
{%- endmacro %}

{% macro default__is_erased_identifier(source_name, identifier, relation_alias) -%}
    {%- set type_sql = identifier['type'] if identifier['type'][0] == "'"
        else relation_alias ~ '.' ~ identifier['type'] -%}
    {%- set value_sql = relation_alias ~ '.' ~ identifier['column'] -%}
    {%- for key_slot in firstparty.tombstone_key_slots() -%}
        {% if not loop.first %} or {% endif -%}
        {{ firstparty.is_tombstoned(firstparty.tombstone_hash(type_sql, value_sql, key_slot)) }}
    {%- endfor -%}
{%- endmacro %}

{% macro duckdb__is_erased_identifier(source_name, identifier, relation_alias) -%}
    {%- set literal_type = identifier['type'][0] == "'" -%}
    {%- set parsed_from_raw_alone = identifier['parse'] in ['id', 'email', 'sha256', 'subject']
        or (identifier['parse'] == 'phone' and not identifier.get('country')) -%}
    {%- if not (identifier['links'] and parsed_from_raw_alone) -%}
        {{ return(firstparty.default__is_erased_identifier(source_name, identifier, relation_alias)) }}
    {%- endif -%}
    {%- set source, table = source_name.split('_', 1) -%}
    {#- A type read from a column of the row (a consent subject's) is looked up with the value: the pair as
        the keyed hash reads it, '<type>:<value>'. -#}
    {%- set raw_columns = [identifier['raw']] -%}
    {%- if not literal_type -%}
        {%- do raw_columns.append(firstparty.export_attributes()[source_name][identifier['type']]['raw']) -%}
    {%- endif -%}
    {%- set type_sql = identifier['type'] if literal_type
        else firstparty.export_column(source_name, identifier['type']) -%}
    {%- set value_sql = firstparty.export_column(source_name, identifier['column']) -%}
    coalesce(
        {%- if literal_type %}
        {{ relation_alias }}.{{ identifier['column'] }}
        {%- else %}
        {{ dbt.concat([relation_alias ~ '.' ~ identifier['type'], "':'",
            relation_alias ~ '.' ~ identifier['column']]) }}
        {%- endif %} in (
            select {% if literal_type %}carried_values.identifier_value{% else %}{{ dbt.concat(
                ['carried_values.identifier_type', "':'", 'carried_values.identifier_value']) }}{% endif %}
            from (
                select
                    {{ type_sql }} as identifier_type,
                    {{ value_sql }} as identifier_value
                from (
                    select distinct {{ raw_columns | join(', ') }}
                    from {{ firstparty.raw_source(source, table) }}
                ) as raw_values
            ) as carried_values
            where
            {%- for key_slot in firstparty.tombstone_key_slots() %}
                {% if not loop.first %}or {% endif -%}
                {{ firstparty.tombstone_hash(
                    'carried_values.identifier_type', 'carried_values.identifier_value', key_slot) }} in (
                    select tombstones.tombstone_hash from {{ ref('erasure_tombstones') }} as tombstones
                )
            {%- endfor %}
        ),
        false
    )
{%- endmacro %}

{% macro postgres__is_erased_identifier(source_name, identifier, relation_alias) -%}
    {{ return(firstparty.duckdb__is_erased_identifier(source_name, identifier, relation_alias)) }}
{%- endmacro %}

{#- True when the keyed hash `hash_expression` (of the row around it) is in erasure_tombstones, never null.
    DuckDB and Postgres: an uncorrelated `in (select ...)`, a lookup in a hash table of the tombstones
    while the rows stream past; DuckDB turns a correlated `exists` on an expression into a delim join
    that first buffers every row of the model (at 1M persons base_web__events buffered 12.9M rows three
    times and spilled 28 GB). default__ (Spark: predicate subqueries in the select list) keeps the
    correlated `exists`. -#}
{% macro is_tombstoned(hash_expression) -%}
    {{ return(adapter.dispatch('is_tombstoned', 'firstparty')(hash_expression)) }}
{%- endmacro %}

{% macro default__is_tombstoned(hash_expression) -%}
    exists (
        select 1 as is_erased
        from {{ ref('erasure_tombstones') }} as tombstones
        where tombstones.tombstone_hash = {{ hash_expression }}
    )
{%- endmacro %}

{% macro duckdb__is_tombstoned(hash_expression) -%}
    coalesce({{ hash_expression }} in (select tombstones.tombstone_hash from {{ ref('erasure_tombstones') }} as tombstones), false)
{%- endmacro %}

{% macro postgres__is_tombstoned(hash_expression) -%}
    {{ return(firstparty.duckdb__is_tombstoned(hash_expression)) }}
{%- endmacro %}
