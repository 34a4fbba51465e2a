{# HMAC-SHA256 (hex) of an identifier normalised for its destination, keyed from the secret key: never a plain hash. #}
{#
    Every identifier hash that leaves the platform (activation, clean rooms, the erasure tombstones)
    is made here. The key is not in SQL: on DuckDB the dbt-duckdb plugin firstparty.keyed_hash derives
    one key per destination from the environment variable FIRSTPARTY_HMAC_KEY and sets its HMAC pads as
    one session variable (a map from pad name to pad) on every connection and cursor, so HMAC-SHA256 is
    composed here from DuckDB's native sha256
    (RFC 2104: sha256(outer pad || sha256(inner pad || value))). Without a loaded key the plugin's
    Python function hmac_sha256(value, destination) is called instead, which fails with the missing-key
    message. Dispatched: another warehouse needs its own <adapter>__keyed_hash calling a keyed function
    whose key stays in the warehouse's secret store.
#}
{#
    `key_slot`: '' for the current key (FIRSTPARTY_HMAC_KEY); 'previous_<n>' for the n-th key of
    FIRSTPARTY_HMAC_PREVIOUS_KEYS, which only the erasure tombstones need (macro tombstone_key_slots;
    previous slots exist only when a key is loaded, so their hmac_sha256 fallback is never taken).
#}
{% macro keyed_hash(expr, destination, identifier_type='other', key_slot='') -%}
    {{ return(adapter.dispatch('keyed_hash', 'firstparty')(expr, destination, identifier_type, key_slot)) }}
{%- endmacro %}

{% macro default__keyed_hash(expr, destination, identifier_type='other', key_slot='') -%}
    {{ exceptions.raise_compiler_error(
        "keyed_hash has no implementation for " ~ target.type ~ ": write " ~ target.type ~ "__keyed_hash "
        ~ "calling an HMAC-SHA256 function whose key the warehouse reads from its secret store (for example "
        ~ "a secure UDF or an external function); never put the key in SQL, vars or the profile, and never "
        ~ "fall back to an unkeyed hash") }}
{%- endmacro %}

{% macro duckdb__keyed_hash(expr, destination, identifier_type='other', key_slot='') -%}
    {%- set value = firstparty.hash_normalized(expr, destination, identifier_type) -%}
    {%- set suffix = ('__' ~ key_slot) if key_slot else '' -%}
    {%- set pads = "getvariable('firstparty_hmac_pads')" -%}
    {%- set inner_pad = pads ~ "['ipad__" ~ destination ~ suffix ~ "']" -%}
    {%- set outer_pad = pads ~ "['opad__" ~ destination ~ suffix ~ "']" -%}
    case
        when {{ pads }} is not null
            then sha256({{ outer_pad }} || unhex(sha256({{ inner_pad }} || encode({{ value }}))))
        else hmac_sha256({{ value }}, '{{ destination }}')
    end
{%- endmacro %}

{#- Postgres: pgcrypto's hmac() inside firstparty_keys.hmac_sha256, a SECURITY DEFINER function owned by the one
    role that can read the key table (python -m firstparty.postgres_setup; docs/postgres.md). -#}
{% macro postgres__keyed_hash(expr, destination, identifier_type='other', key_slot='') -%}
    firstparty_keys.hmac_sha256({{ firstparty.hash_normalized(expr, destination, identifier_type) }}, '{{ destination }}', '{{ key_slot }}')
{%- endmacro %}

{#- Spark: the UDF firstparty_hmac_sha256 that firstparty.spark_build registers in the session (a Python
    function holding the destination keys derived from FIRSTPARTY_HMAC_KEY; the key is never in SQL). -#}
{% macro spark__keyed_hash(expr, destination, identifier_type='other', key_slot='') -%}
    {%- set value = firstparty.hash_normalized(expr, destination, identifier_type) -%}
    firstparty_hmac_sha256({{ value }}, '{{ destination }}', '{{ key_slot }}')
{%- endmacro %}
