{# The raw export behind a source: source() plus, for the demo, a dependency on the seed that loads it. #}
{#
    Staging models call this instead of source() directly. Where the landing tables are this
    project's own demo seeds (the default), the model also depends on the seed, so a single
    `dbt build` loads the seed before the model reads it. With var raw_path the landing tables are
    views over the export files (created by the on-run-start hook create_raw_file_views), and with
    var load_demo_seeds false they are tables your loader keeps in the raw schema: no seed is involved.
#}
{% macro raw_source(source_name, table_name) -%}
    {#- A unit test gives the source as a fixture: no seed dependency there. -#}
    {%- if firstparty.raw_from_seeds() and model.resource_type != 'unit_test' -%}
        {%- do ref(source_name ~ '_' ~ table_name) -%}
    {%- endif -%}
    {{ source(source_name, table_name) }}
{%- endmacro %}
