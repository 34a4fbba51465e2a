{# True for a row of `source_name` carrying any identifier whose keyed hash is in the erasure tombstones. #}
{#
    One lookup per identifier column (erasure_identifiers): macro is_tombstoned, a hash lookup of its keyed hash.
    `relation_alias` qualifies the row's columns. Staging calls this to drop erased rows, quarantine
    and reconciliation to leave them out and count them; a tombstoned identifier that arrives again in
    a new record is dropped the same way. After a key rotation each identifier is also hashed under every
    key of FIRSTPARTY_HMAC_PREVIOUS_KEYS (tombstone_key_slots), so tombstones of the earlier key still match.
#}
{% macro is_erased(source_name, relation_alias) -%}
    {%- set identifiers = firstparty.erasure_identifiers()[source_name] -%}
    {%- set key_slots = firstparty.tombstone_key_slots() -%}
    (
    {%- for identifier in identifiers %}
        {%- set outer_loop = loop %}
        {%- for key_slot in key_slots %}
        {% if not (outer_loop.first and loop.first) %}or {% endif -%}
        {{ firstparty.is_tombstoned(firstparty.tombstone_hash(
            relation_alias ~ '.' ~ identifier['type'] if identifier['type'][0] != "'" else identifier['type'],
            relation_alias ~ '.' ~ identifier['column'], key_slot)) }}
        {%- endfor %}
    {%- endfor %}
    )
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
