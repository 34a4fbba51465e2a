{# SQL expression: the fingerprint of the key new tombstones are made with (HMAC of a fixed label under the tombstone key; never the key). #}
{% macro tombstone_key_fingerprint() -%}
    {{ return(adapter.dispatch('tombstone_key_fingerprint', 'firstparty')()) }}
{%- endmacro %}

{% macro default__tombstone_key_fingerprint() -%}
    {{ exceptions.raise_compiler_error(
        "tombstone_key_fingerprint has no implementation for " ~ target.type ~ ": write " ~ target.type
        ~ "__tombstone_key_fingerprint beside " ~ target.type ~ "__keyed_hash") }}
{%- endmacro %}

{% macro duckdb__tombstone_key_fingerprint() -%}
    cast(firstparty_hmac_fingerprint('') as {{ dbt.type_string() }})
{%- endmacro %}

{% macro postgres__tombstone_key_fingerprint() -%}
    firstparty_keys.key_fingerprint()
{%- endmacro %}

{% macro spark__tombstone_key_fingerprint() -%}
    cast(firstparty_hmac_fingerprint('') as {{ dbt.type_string() }})
{%- endmacro %}
