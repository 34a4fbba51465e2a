{# An email trimmed and lower-cased when it passes the syntax check (local@domain.tld), else null. #}
{% macro normalize_email(expr) -%}
    case
        when {{ firstparty.regex_matches(
            'lower(' ~ firstparty.trimmed(expr) ~ ')',
            "^[a-z0-9!#$%&*+/=?^_`{|}~'-]+([.][a-z0-9!#$%&*+/=?^_`{|}~'-]+)*@([a-z0-9]([a-z0-9-]*[a-z0-9])?[.])+[a-z]{2,}$"
        ) }}
            then lower({{ firstparty.trimmed(expr) }})
    end
{%- endmacro %}
