{# Parse true/false text (true, t, yes, y, 1 / false, f, no, n, 0; any case) to a boolean; other text gives null. #}
{% macro parse_boolean(expr) -%}
    case
        when lower({{ firstparty.trimmed(expr) }}) in ('true', 't', 'yes', 'y', '1') then true
        when lower({{ firstparty.trimmed(expr) }}) in ('false', 'f', 'no', 'n', '0') then false
    end
{%- endmacro %}
