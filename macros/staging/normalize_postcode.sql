{# A postal code upper-cased with spaces, dashes and other separators removed ("sw1a 1aa" -> "SW1A1AA"); blank gives null. #}
{% macro normalize_postcode(expr) -%}
    nullif(upper({{ firstparty.regex_replace_all(firstparty.trimmed(expr), '[^A-Za-z0-9]', '') }}), '')
{%- endmacro %}
