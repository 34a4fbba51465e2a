{# Lower-case hex SHA-256 of a text expression, to match an ad platform's hashed email to a normalised email. #}
{% macro identity_sha256(expr) -%}
    {{ return(adapter.dispatch('identity_sha256', 'firstparty')(expr)) }}
{%- endmacro %}

{% macro default__identity_sha256(expr) -%}
    lower(sha2(cast({{ expr }} as {{ dbt.type_string() }}), 256))
{%- endmacro %}

{% macro duckdb__identity_sha256(expr) -%}
    sha256(cast({{ expr }} as {{ dbt.type_string() }}))
{%- endmacro %}

{% macro bigquery__identity_sha256(expr) -%}
    to_hex(sha256(cast({{ expr }} as {{ dbt.type_string() }})))
{%- endmacro %}
