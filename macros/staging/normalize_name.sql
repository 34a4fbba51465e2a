{# A person's name trimmed, inner runs of spaces collapsed, and title-cased when typed all upper or all lower case. #}
{% macro normalize_name(expr) -%}
    {%- set collapsed = firstparty.regex_replace_all(firstparty.trimmed(expr), ' {2,}', ' ') -%}
    case
        when {{ collapsed }} = upper({{ collapsed }}) or {{ collapsed }} = lower({{ collapsed }})
            then {{ firstparty.title_case(collapsed) }}
        else {{ collapsed }}
    end
{%- endmacro %}
