{# The text key of a staged record in the identity graph: `<source_name>:<source_record_id>`. #}
{% macro identity_record_key(source_name_expr, source_record_id_expr) -%}
    {{ dbt.concat([source_name_expr, "':'", source_record_id_expr]) }}
{%- endmacro %}

{# The export name back from a record key (the part before the first ':'; export names hold no ':'). #}
{% macro identity_record_source_name(record_key_expr) -%}
    {{ dbt.split_part(record_key_expr, "':'", 1) }}
{%- endmacro %}

{# The record's key in its export back from a record key (everything after the first ':'). #}
{% macro identity_record_source_record_id(record_key_expr) -%}
    {{ dbt.right(record_key_expr, dbt.length(record_key_expr) ~ ' - ' ~ dbt.position("':'", record_key_expr)) }}
{%- endmacro %}
