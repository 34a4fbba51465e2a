{# A table relation from a name written `table`, `schema.table` or `database.schema.table` (defaults: the target's). #}
{% macro connected_components_relation(name, must_exist=false) %}
    {%- set parts = name.split('.') -%}
    {%- if parts | length > 3 -%}
        {%- do exceptions.raise_compiler_error('connected_components: cannot read a relation name from ' ~ name) -%}
    {%- endif -%}
    {%- set identifier = parts[-1] -%}
    {%- set schema = parts[-2] if parts | length >= 2 else target.schema -%}
    {%- set database = parts[-3] if parts | length == 3 else target.get('database') -%}
    {%- if must_exist -%}
        {%- set relation = adapter.get_relation(database=database, schema=schema, identifier=identifier) -%}
        {%- if relation is none -%}
            {%- do exceptions.raise_compiler_error(
                'connected_components: no relation ' ~ name ~ ' in ' ~ database ~ '.' ~ schema
            ) -%}
        {%- endif -%}
        {{ return(relation) }}
    {%- endif -%}
    {{ return(api.Relation.create(database=database, schema=schema, identifier=identifier, type='table')) }}
{% endmacro %}
