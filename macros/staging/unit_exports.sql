{# The exports a union reads: every export of `exports`, except in a unit test, where only those the test gives as an input. #}
{#
    dbt wants every ref and source of a model given to its unit tests; a union over every export would
    make each new export an edit of every such unit test. In a unit test (when it executes: the given
    inputs are then the test node's depends_on) an export takes part when its stg_ model, base_ model or
    source is given; a model build always reads every export.
#}
{% macro unit_exports(exports) -%}
    {%- if execute and model is mapping and model.get('resource_type') == 'unit_test' -%}
        {%- set given = model.get('depends_on', {}).get('nodes', []) -%}
        {%- set kept = [] -%}
        {%- for export in exports -%}
            {%- set ids = ['model.firstparty.' ~ export['stg_model'], 'model.firstparty.' ~ export['base_model'],
                'model.firstparty.' ~ export['source'] ~ '__' ~ export['table']] -%}
            {%- if ids | select('in', given) | list -%}
                {%- do kept.append(export) -%}
            {%- endif -%}
        {%- endfor -%}
        {{ return(kept) }}
    {%- endif -%}
    {{ return(exports) }}
{%- endmacro %}
