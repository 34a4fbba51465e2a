{# The first failed check of a row as two columns, quarantine_reason and quarantine_column; both null when all pass. #}
{#
    `checks` is an ordered list of {'failed': <sql condition>, 'reason': <reason code>, 'column': <column>}.
    The order is the priority: a row failing several checks is quarantined for the first.
    Reason codes are listed in the quarantine_reason doc block (models/governance/_governance__docs.md).
#}
{% macro quarantine_checks(checks) -%}
    case
    {%- for check in checks %}
        when {{ check.failed }} then '{{ check.reason }}'
    {%- endfor %}
    end as quarantine_reason,
    case
    {%- for check in checks %}
        when {{ check.failed }} then '{{ check.column }}'
    {%- endfor %}
    end as quarantine_column
{%- endmacro %}
