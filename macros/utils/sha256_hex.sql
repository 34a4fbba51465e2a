{# Lower-case hex SHA-256 of a text expression, unkeyed: the one plain SHA-256 of the project. #}
{#
    Used where the digest must equal one anybody computes from the same text: an ad conversion's hashed
    email matched to the email it came from (identity), an email's digest in the erasure closure, and the
    keys uploaded to Google and Meta, which match plain SHA-256 of their own normalisation. Everything that
    must not be recomputable from a list of emails uses keyed_hash (HMAC) instead. Null in, null out.
#}
{% macro sha256_hex(expr) -%}
    {{ return(adapter.dispatch('sha256_hex', 'firstparty')(expr)) }}
{%- endmacro %}

{% macro default__sha256_hex(expr) -%}
    lower(sha2(cast({{ expr }} as {{ dbt.type_string() }}), 256))
{%- endmacro %}

{% macro duckdb__sha256_hex(expr) -%}
    sha256(cast({{ expr }} as {{ dbt.type_string() }}))
{%- endmacro %}

{% macro bigquery__sha256_hex(expr) -%}
    to_hex(sha256(cast({{ expr }} as {{ dbt.type_string() }})))
{%- endmacro %}

{% macro postgres__sha256_hex(expr) -%}
    encode(sha256(convert_to(cast({{ expr }} as {{ dbt.type_string() }}), 'UTF8')), 'hex')
{%- endmacro %}
