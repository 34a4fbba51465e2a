{# HMAC-SHA256 (hex) of an identifier normalised for its destination, keyed from the secret key: never a plain hash. #}
{#
    Every identifier hash that leaves the platform (activation, clean rooms, the erasure tombstones)
    is made here. The key is not in SQL: on DuckDB the dbt-duckdb plugin firstparty.keyed_hash
    registers hmac_sha256(value, destination), keyed from the environment variable FIRSTPARTY_HMAC_KEY
    with one derived key per destination. Dispatched: another warehouse needs its own
    <adapter>__keyed_hash calling a keyed function whose key stays in the warehouse's secret store.
#}
{% macro keyed_hash(expr, destination, identifier_type='other') -%}
    {{ return(adapter.dispatch('keyed_hash', 'firstparty')(expr, destination, identifier_type)) }}
{%- endmacro %}

{% macro default__keyed_hash(expr, destination, identifier_type='other') -%}
    {{ exceptions.raise_compiler_error(
        "keyed_hash has no implementation for " ~ target.type ~ ": write " ~ target.type ~ "__keyed_hash "
        ~ "calling an HMAC-SHA256 function whose key the warehouse reads from its secret store (for example "
        ~ "a secure UDF or an external function); never put the key in SQL, vars or the profile, and never "
        ~ "fall back to an unkeyed hash") }}
{%- endmacro %}

{% macro duckdb__keyed_hash(expr, destination, identifier_type='other') -%}
    hmac_sha256({{ firstparty.hash_normalized(expr, destination, identifier_type) }}, '{{ destination }}')
{%- endmacro %}
