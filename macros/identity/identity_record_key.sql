{# The text key of a staged record in the identity graph: `<source_name>:<source_record_id>`. #}
{% macro identity_record_key(source_name_expr, source_record_id_expr) -%}
    {{ dbt.concat([source_name_expr, "':'", source_record_id_expr]) }}
{%- endmacro %}

