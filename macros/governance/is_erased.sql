{# True for a row of `source_name` carrying any identifier whose keyed hash is in the erasure tombstones. #}
{#
    One anti-join per identifier column (erasure_identifiers), each a hash join on the tombstone hash.
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
        exists (
            select 1 as is_erased
            from {{ ref('erasure_tombstones') }} as tombstones
            where tombstones.tombstone_hash = {{ firstparty.tombstone_hash(
                relation_alias ~ '.' ~ identifier['type'] if identifier['type'][0] != "'" else identifier['type'],
                relation_alias ~ '.' ~ identifier['column'], key_slot) }}
        )
        {%- endfor %}
    {%- endfor %}
    )
{%- endmacro %}
