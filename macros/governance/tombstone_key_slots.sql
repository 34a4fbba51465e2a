{# The keys erasure tombstones are matched under: '' (FIRSTPARTY_HMAC_KEY) and 'previous_<n>' for each key of FIRSTPARTY_HMAC_PREVIOUS_KEYS. #}
{#
    A tombstone is a keyed hash and matches only under the key that made it. After a key rotation the
    ledger holds tombstones of the earlier key, which staging (is_erased) and audiences must still match:
    they hash each identifier once per slot. The number of previous keys (not the keys) is read from the
    session when the model compiles; without previous keys the SQL is the same as before rotation.
#}
{% macro tombstone_key_slots() -%}
    {{ return(adapter.dispatch('tombstone_key_slots', 'firstparty')()) }}
{%- endmacro %}

{% macro default__tombstone_key_slots() -%}
    {{ return(['']) }}
{%- endmacro %}

{% macro duckdb__tombstone_key_slots() -%}
    {%- set slots = [''] -%}
    {%- if execute -%}
        {#- One tombstone inner pad per previous key in the plugin's pads (none without the plugin). -#}
        {%- set count = run_query(
            "select coalesce(len(list_filter(map_keys(getvariable('firstparty_hmac_pads')),"
            ~ " lambda pad: starts_with(pad, 'ipad__tombstone__previous_'))), 0) as previous_key_count"
        ).columns[0].values()[0] | int -%}
        {%- for number in range(1, count + 1) -%}
            {%- do slots.append('previous_' ~ number) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(slots) }}
{%- endmacro %}

{% macro postgres__tombstone_key_slots() -%}
    {%- set slots = [''] -%}
    {%- if execute -%}
        {%- set count = run_query(
            "select firstparty_keys.previous_key_count() as previous_key_count"
        ).columns[0].values()[0] | int -%}
        {%- for index in range(count) -%}
            {%- do slots.append('previous_' ~ (index + 1)) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(slots) }}
{%- endmacro %}

{% macro spark__tombstone_key_slots() -%}
    {%- set slots = [''] -%}
    {%- if execute -%}
        {%- set count = run_query(
            "select firstparty_hmac_previous_key_count() as previous_key_count").columns[0].values()[0] | int -%}
        {%- for slot_number in range(1, count + 1) -%}
            {%- do slots.append('previous_' ~ slot_number) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(slots) }}
{%- endmacro %}
