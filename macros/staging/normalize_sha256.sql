{# A hex SHA-256 digest trimmed and lower-cased when it is 64 hex characters, else null. #}
{% macro normalize_sha256(expr) -%}
    case
        when {{ firstparty.regex_matches('lower(' ~ firstparty.trimmed(expr) ~ ')', '^[0-9a-f]{64}$') }}
            then lower({{ firstparty.trimmed(expr) }})
    end
{%- endmacro %}
