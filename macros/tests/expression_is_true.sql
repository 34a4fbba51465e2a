{# Generic test: fails on each row where a SQL expression over the model's columns is false. #}
{#
    A row whose expression is null passes, as in dbt_utils (use the `where` config, or
    `coalesce`, where null must fail). Model-level: the expression may use any columns.
#}
{% test expression_is_true(model, expression) %}

select *
from {{ model }}
where not ({{ expression }})

{% endtest %}
