{# Deprecated alias of sha256_hex (macros/utils), kept until models/identity calls sha256_hex itself. #}
{% macro identity_sha256(expr) -%}
    {{ return(firstparty.sha256_hex(expr)) }}
{%- endmacro %}
