{#- The SQL name of a double-precision float. dbt's type_float() is `float`, which is single precision
    (4 bytes) on DuckDB, so shares, rates and the lifetime-value fit would lose digits: this macro names the
    8-byte type on every engine. -#}
{% macro type_double() %}
    {{- return(adapter.dispatch('type_double', 'firstparty')()) -}}
{% endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}
