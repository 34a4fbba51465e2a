{# Lower-case hex SHA-256 of a text expression: how ad platforms' hashed emails are written. #}
{% macro sha256_hex(expr) -%}
    {{ return(adapter.dispatch('sha256_hex', 'firstparty')(expr)) }}
{%- endmacro %}

{% macro default__sha256_hex(expr) -%}
    lower(sha2(cast({{ expr }} as {{ dbt.type_string() }}), 256))
{%- endmacro %}

{% macro duckdb__sha256_hex(expr) -%}
    sha256(cast({{ expr }} as {{ dbt.type_string() }}))
{%- endmacro %}
