{# The moment governance measures ages and deadlines from: var as_of, the demo snapshot time, or the run's start. #}
{#
    Retention windows, consent expiry and privacy-request completion all count from this one moment,
    never from the database clock, so a build is reproducible. var as_of wins when set. On the demo
    seeds (raw_from_seeds) it is var demo_as_of, the time the synthetic exports were taken; reading your
    own exports it is run_started_at (UTC).
#}
{% macro as_of_timestamp() -%}
    {%- if var('as_of') -%}
        {%- set as_of = var('as_of') -%}
    {%- elif firstparty.raw_from_seeds() -%}
        {%- set as_of = var('demo_as_of') -%}
    {%- else -%}
        {%- set as_of = run_started_at.strftime('%Y-%m-%d %H:%M:%S') -%}
    {%- endif -%}
    cast('{{ as_of }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{# The run's start (UTC) as a timestamp literal: when this run did something, whatever as_of says. #}
{% macro run_started_timestamp() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}
