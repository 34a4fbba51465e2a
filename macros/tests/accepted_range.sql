{# Generic test: fails on each row whose column lies outside [min_value, max_value]; nulls pass. #}
{#
    Either bound may be omitted. inclusive (default true) decides whether a value equal to a
    bound is accepted. Same arguments and meaning as dbt_utils.accepted_range.
#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}

{%- if min_value is none and max_value is none -%}
    {{ exceptions.raise_compiler_error("accepted_range needs min_value, max_value or both") }}
{%- endif %}

select *
from {{ model }}
where
    1 = 0
    {%- if min_value is not none %}
        or {{ column_name }} {{ '<' if inclusive else '<=' }} {{ min_value }}
    {%- endif %}
    {%- if max_value is not none %}
        or {{ column_name }} {{ '>' if inclusive else '>=' }} {{ max_value }}
    {%- endif %}

{% endtest %}
