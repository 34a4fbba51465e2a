{# True for a row of `source_name` carrying any identifier whose keyed hash is in the erasure tombstones. #}
{#
    One anti-join per identifier column (erasure_identifiers), each a hash join on the tombstone hash.
    `relation_alias` qualifies the row's columns. Staging calls this to drop erased rows, quarantine
    and reconciliation to leave them out and count them; a tombstoned identifier that arrives again in
    a new record is dropped the same way.
#}
{% macro is_erased(source_name, relation_alias) -%}
    {%- set identifiers = firstparty.erasure_identifiers()[source_name] -%}
    (
    {%- for identifier in identifiers %}
        {% if not loop.first %}or {% endif -%}
        exists (
            select 1 as is_erased
            from {{ ref('erasure_tombstones') }} as tombstones
            where tombstones.tombstone_hash = {{ firstparty.tombstone_hash(
                relation_alias ~ '.' ~ identifier['type'] if identifier['type'][0] != "'" else identifier['type'],
                relation_alias ~ '.' ~ identifier['column']) }}
        )
    {%- endfor %}
    )
{%- endmacro %}
