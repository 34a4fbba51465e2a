{# on-run-start: a loud dbt warning when identifiers are hashed with the public demo key, or cannot be hashed. #}
{% macro warn_if_demo_hmac_key() -%}
    {{ return(adapter.dispatch('warn_if_demo_hmac_key', 'firstparty')()) }}
{%- endmacro %}

{% macro default__warn_if_demo_hmac_key() -%}
{%- endmacro %}

{% macro duckdb__warn_if_demo_hmac_key() -%}
    {%- if execute -%}
        {%- set registered = run_query(
            "select count(*) as n from duckdb_functions() where function_name = 'firstparty_hmac_key_source'"
        ).columns[0].values()[0] -%}
        {%- if registered == 0 -%}
            {%- do exceptions.warn(
                "firstparty: the dbt-duckdb plugin firstparty.keyed_hash is not in this profile's plugins, so "
                ~ "hmac_sha256 does not exist and every model that hashes an identifier will fail (profiles.yml).") -%}
        {%- else -%}
            {%- do firstparty.warn_for_key_source(
                run_query('select firstparty_hmac_key_source() as key_source').columns[0].values()[0]) -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{% macro postgres__warn_if_demo_hmac_key() -%}
    {%- if execute -%}
        {%- set installed = run_query(
            "select count(*) as n from pg_proc as p join pg_namespace as n on p.pronamespace = n.oid"
            ~ " where n.nspname = 'firstparty_keys' and p.proname = 'hmac_sha256'").columns[0].values()[0] -%}
        {%- if installed == 0 -%}
            {%- do exceptions.warn(
                "firstparty: firstparty_keys.hmac_sha256 does not exist in this database, so every model that "
                ~ "hashes an identifier will fail: run python -m firstparty.postgres_setup with FIRSTPARTY_HMAC_KEY "
                ~ "set (docs/postgres.md).") -%}
        {%- elif run_query('select firstparty_keys.key_source() as key_source').columns[0].values()[0] == 'demo' -%}
            {%- do exceptions.warn(
                "firstparty: hashing with the PUBLIC demo HMAC key (FIRSTPARTY_DEMO_HMAC_KEY=1 when "
                ~ "firstparty.postgres_setup ran). Tombstones and exported hashes made with it protect nothing.") -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- Spark: the functions exist only when dbt was started through firstparty.spark_build, which registers them. -#}
{% macro spark__warn_if_demo_hmac_key() -%}
    {%- if execute -%}
        {%- set registered = run_query("show functions like 'firstparty_hmac_key_source'") -%}
        {%- if registered.rows | length == 0 -%}
            {%- do exceptions.raise_compiler_error(
                "firstparty: the keyed-hash functions are not registered in this Spark session, so no identifier "
                ~ "can be hashed: run dbt on Spark through `python -m firstparty.spark_build build --target spark` "
                ~ "(make test-spark; docs/spark.md), which registers them keyed from FIRSTPARTY_HMAC_KEY.") -%}
        {%- endif -%}
        {%- do firstparty.warn_for_key_source(
            run_query('select firstparty_hmac_key_source() as key_source').columns[0].values()[0]) -%}
    {%- endif -%}
{%- endmacro %}

{#- The warning for the key source the engine's keyed-hash functions report (demo, too_short, missing). -#}
{% macro warn_for_key_source(key_source) -%}
    {%- if key_source == 'demo' -%}
        {%- do exceptions.warn(
            "firstparty: hashing with the PUBLIC demo HMAC key (FIRSTPARTY_DEMO_HMAC_KEY=1). Tombstones "
            ~ "and exported hashes made with it protect nothing: set FIRSTPARTY_HMAC_KEY for real data.") -%}
    {%- elif key_source == 'too_short' -%}
        {#- keyed_hash.MIN_KEY_LENGTH (tests_py/test_governance_keyed_hash.py keeps the two equal). -#}
        {%- do exceptions.warn(
            "firstparty: FIRSTPARTY_HMAC_KEY is set but too short: a key of at least 32 characters is "
            ~ "required, so every model that hashes an identifier will fail. Set it to a longer random secret.") -%}
    {%- elif key_source == 'missing' -%}
        {%- do exceptions.warn(
            "firstparty: FIRSTPARTY_HMAC_KEY is not set: every model that hashes an identifier will fail.") -%}
    {%- endif -%}
{%- endmacro %}
