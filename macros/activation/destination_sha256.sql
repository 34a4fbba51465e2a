{# Lower-case hex SHA-256 of a normalised identifier, as ad platforms match it: plain, never keyed. #}
{#
    Google and Meta match uploaded identifiers against the SHA-256 of their own users' normalised
    identifiers, so what goes to them is the plain digest (their published examples are plain digests).
    Everything else that leaves the platform (clean rooms, tombstones) uses keyed_hash (HMAC). Null in,
    null out.
#}
{% macro destination_sha256(expr) -%}
    {{ return(adapter.dispatch('destination_sha256', 'firstparty')(expr)) }}
{%- endmacro %}

{% macro default__destination_sha256(expr) -%}
    lower(sha2(cast({{ expr }} as {{ dbt.type_string() }}), 256))
{%- endmacro %}

{% macro duckdb__destination_sha256(expr) -%}
    sha256(cast({{ expr }} as {{ dbt.type_string() }}))
{%- endmacro %}
