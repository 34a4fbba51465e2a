{# A raw text value trimmed, with the empty string read as null: how every raw column is first read. #}
{% macro trimmed(expr) -%}
    nullif(trim({{ expr }}), '')
{%- endmacro %}
