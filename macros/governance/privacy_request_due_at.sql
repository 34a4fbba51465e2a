{# The legal deadline of a privacy request: 45 days from receipt under CCPA, one month under GDPR and for any other or unreadable jurisdiction (the shorter clock). #}
{% macro privacy_request_due_at(received_at, jurisdiction) -%}
    case
        when {{ jurisdiction }} = 'CCPA' then {{ dbt.dateadd('day', 45, received_at) }}
        else {{ dbt.dateadd('month', 1, received_at) }}
    end
{%- endmacro %}
