{# True when the raw landing tables are this project's demo seeds: no raw_path and load_demo_seeds left on. #}
{% macro raw_from_seeds() -%}
    {{ return(var('load_demo_seeds') and not var('raw_path')) }}
{%- endmacro %}
