{# The keyed hash the erasure ledger stores for one identifier: HMAC of '<identifier type>:<value>'. #}
{#
    `identifier_type_sql` is a SQL expression (a quoted literal such as "'email'", or a column holding
    the type); typing the value keeps a loyalty id and an order id with the same text apart.
    `key_slot` names a previous key (macro tombstone_key_slots) to match tombstones made before a
    rotation of FIRSTPARTY_HMAC_KEY.
#}
{% macro tombstone_hash(identifier_type_sql, value_sql, key_slot='') -%}
    {{ firstparty.keyed_hash(dbt.concat([identifier_type_sql, "':'", value_sql]), 'tombstone', key_slot=key_slot) }}
{%- endmacro %}
