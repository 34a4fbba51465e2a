{# The ISO 4217 currency codes firstparty accepts; kept in step with seeds/reference/ref_currencies.csv by a pytest. #}
{% macro currency_codes() -%}
    {{ return(['AUD', 'CAD', 'CHF', 'DKK', 'EUR', 'GBP', 'JPY', 'NOK', 'SEK', 'USD']) }}
{%- endmacro %}
