{# on-run-start: refuse to build when the erasure ledger holds tombstones made under a key that is not configured (it would un-erase people). #}
{#
    A tombstone matches only under the key that made it. If FIRSTPARTY_HMAC_KEY changed and the earlier
    key is not in FIRSTPARTY_HMAC_PREVIOUS_KEYS, staging would stop matching those tombstones and stage the
    erased persons' records again (the requests, and so the closure, may have left the exports long ago).
    So every run first compares the ledger's key fingerprints with the configured keys' and stops, naming
    the unknown fingerprints and the way out, before anything is built. Tombstones without a fingerprint
    (a ledger from before fingerprints; erasure_closure stamps them) are not checked. Without any key the
    check is skipped: every hash fails with the missing-key message anyway.
#}
{% macro check_tombstone_keys() -%}
    {{ return(adapter.dispatch('check_tombstone_keys', 'firstparty')()) }}
{%- endmacro %}

{% macro default__check_tombstone_keys() -%}
{%- endmacro %}

{#- DuckDB: the functions the keyed_hash plugin registers, as on Spark; nothing to check without the plugin
    (warn_if_demo_hmac_key says so, and every model that hashes fails). -#}
{% macro duckdb__check_tombstone_keys() -%}
    {%- if execute and run_query(
            "select count(*) as n from duckdb_functions() where function_name = 'firstparty_hmac_fingerprint'"
        ).columns[0].values()[0] > 0 -%}
        {%- do firstparty.check_tombstone_keys_by_session_functions(firstparty.duckdb__tombstone_key_slots()) -%}
    {%- endif -%}
{%- endmacro %}

{% macro postgres__check_tombstone_keys() -%}
    {%- do firstparty.check_tombstone_keys_with(
        key_loaded_sql="select firstparty_keys.key_fingerprint() is not null as key_loaded",
        known_condition="key_fingerprint = any(firstparty_keys.known_fingerprints())",
        current_sql="select firstparty_keys.key_fingerprint() as key_fingerprint") -%}
{%- endmacro %}

{#- The check itself, given the engine's SQL for: is a key loaded, is key_fingerprint a configured key's, and
    the current key's fingerprint. -#}
{% macro check_tombstone_keys_with(key_loaded_sql, known_condition, current_sql) -%}
    {%- if execute -%}
        {%- set nodes = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
            | selectattr('package_name', 'equalto', project_name)
            | selectattr('name', 'equalto', 'erasure_tombstones') | list -%}
        {#- A project without the ledger model (a throwaway test project built from a few of these
            macros) has no tombstones to check. -#}
        {%- set node = nodes | first if nodes else none -%}
        {%- set ledger = none if node is none else adapter.get_relation(
            database=node.database, schema=node.schema, identifier=node.alias) -%}
        {%- set key_loaded = run_query(key_loaded_sql).columns[0].values()[0] -%}
        {%- if ledger is not none and key_loaded
            and 'key_fingerprint' in (adapter.get_columns_in_relation(ledger) | map(attribute='name') | map('lower') | list) -%}
            {%- set unknown = run_query(
                "select key_fingerprint, count(*) as tombstone_count from " ~ ledger
                ~ " where key_fingerprint is not null and not (" ~ known_condition ~ ")"
                ~ " group by key_fingerprint order by key_fingerprint") -%}
            {%- if unknown.rows | length > 0 -%}
                {%- set current = run_query(current_sql).columns[0].values()[0] -%}
                {%- set listed = [] -%}
                {%- for row in unknown.rows -%}
                    {%- do listed.append(row[1] ~ ' tombstones under key fingerprint ' ~ row[0]) -%}
                {%- endfor -%}
                {%- do exceptions.raise_compiler_error(
                    'firstparty: refusing to build: ' ~ ledger ~ ' holds erasure tombstones made with an HMAC key '
                    ~ 'that is not configured (' ~ listed | join(', ') ~ '; FIRSTPARTY_HMAC_KEY has fingerprint '
                    ~ current ~ '). Tombstones match only under the key that made them, so building would stage '
                    ~ 'those erased persons again. Set FIRSTPARTY_HMAC_KEY back to that key, or keep the new key and '
                    ~ 'put the earlier one in FIRSTPARTY_HMAC_PREVIOUS_KEYS (comma-separated; docs/secrets.md, '
                    ~ 'rotating the key).') -%}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- Spark: the same check, the fingerprints from the session's UDFs (firstparty.spark_build). -#}
{% macro spark__check_tombstone_keys() -%}
    {%- do firstparty.check_tombstone_keys_by_session_functions(firstparty.spark__tombstone_key_slots()) -%}
{%- endmacro %}

{#- The check on an engine whose session has the functions firstparty_hmac_key_source and
    firstparty_hmac_fingerprint(key_slot) (DuckDB's plugin, Spark's firstparty.spark_build), for the
    engine's key slots. -#}
{% macro check_tombstone_keys_by_session_functions(key_slots) -%}
    {%- set known = [] -%}
    {%- for slot in key_slots -%}
        {%- do known.append("firstparty_hmac_fingerprint('" ~ slot ~ "')") -%}
    {%- endfor -%}
    {%- do firstparty.check_tombstone_keys_with(
        key_loaded_sql="select firstparty_hmac_key_source() in ('environment', 'demo') as key_loaded",
        known_condition="key_fingerprint in (" ~ known | join(', ') ~ ")",
        current_sql="select firstparty_hmac_fingerprint('') as key_fingerprint") -%}
{%- endmacro %}
