{# on-run-end: `usage` on the schemas of the public models for the roles var bi_grants gives `select` (Postgres). #}
{#
    dbt's grants: config grants `select` on each public model's table (var bi_grants), but a Postgres role
    also needs `usage` on the schema to reach it. Usage alone reads nothing: the private tables beside the
    public ones stay closed (tests_py/test_postgres.py). DuckDB has no roles: `default__` does nothing.
#}
{% macro grant_schema_usage() -%}
    {{ return(adapter.dispatch('grant_schema_usage', 'firstparty')()) }}
{%- endmacro %}

{% macro default__grant_schema_usage() -%}
{%- endmacro %}

{% macro postgres__grant_schema_usage() -%}
    {%- if execute -%}
        {%- set schemas = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
            | selectattr('package_name', 'equalto', project_name)
            | selectattr('access', 'equalto', 'public') | map(attribute='schema') | unique | sort -%}
        {%- for role in var('bi_grants', {}).get('select', []) -%}
            {%- for schema in schemas %}
    grant usage on schema {{ adapter.quote(schema) }} to {{ adapter.quote(role) }};
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
