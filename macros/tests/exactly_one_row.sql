{# Generic test: fails (one row holding the count) unless the model has exactly one row: a settings model's grain. #}
{% test exactly_one_row(model) %}

select row_count
from (
    select count(*) as row_count
    from {{ model }}
) as counted
where row_count != 1

{% endtest %}
