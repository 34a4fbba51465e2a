{# An ISO 4217 currency code upper-cased when firstparty knows it (seeds/reference/ref_currencies.csv), else null. #}
{% macro normalize_currency(expr) -%}
    case
        when upper({{ firstparty.trimmed(expr) }}) in ('{{ firstparty.currency_codes() | join("', '") }}')
            then upper({{ firstparty.trimmed(expr) }})
    end
{%- endmacro %}
