{# A code trimmed and lower-cased when it is one of `accepted` (a list of lower-case strings), else null. #}
{% macro normalize_code(expr, accepted) -%}
    case
        when lower({{ firstparty.trimmed(expr) }}) in ('{{ accepted | join("', '") }}')
            then lower({{ firstparty.trimmed(expr) }})
    end
{%- endmacro %}
