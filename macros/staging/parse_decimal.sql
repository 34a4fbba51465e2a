{# Parse a plain decimal text ('12.50', '-3', '.5') to numeric(28, 6); thousands separators, commas, letters and more than 22 integer digits give null. #}
{#
    The text is cast only when it is a plain decimal whose integer part (leading zeros aside) fits the
    type's 22 integer digits, so no text can make the cast fail the build; a longer number is null like
    any other bad text (amount_checks tells the two apart).
#}
{% macro parse_decimal(expr) -%}
    case
        when {{ firstparty.regex_matches(firstparty.trimmed(expr), firstparty.decimal_pattern(max_integer_digits=22)) }}
            then cast({{ firstparty.trimmed(expr) }} as {{ dbt.type_numeric() }})
    end
{%- endmacro %}

{# The regular expression of a plain decimal text, optionally with at most `max_integer_digits` integer digits after leading zeros. #}
{% macro decimal_pattern(max_integer_digits=none) -%}
    {%- set digits = '{1,' ~ max_integer_digits ~ '}' if max_integer_digits else '+' -%}
    {{ return('^[+-]?0*([0-9]' ~ digits ~ '([.][0-9]*)?|[.][0-9]+)$') }}
{%- endmacro %}

{# The quarantine checks of a money amount: out of range (too large for the marts' decimals), then missing or malformed. #}
{#
    Needs the parsed amount `column` and its trimmed raw text `<column>_text` on the row. A plain decimal
    whose absolute value is above var staging_max_amount (or too long to parse at all) is
    'amount_out_of_range'; any other null amount is 'invalid_amount'. The var keeps every amount, and
    its conversion to the reporting currency, inside the decimal(18, 6) that int_customers__purchases
    and the lifetime-value marts compute in. Returns a list to concatenate into a model's `checks`.
#}
{% macro amount_checks(column) -%}
    {%- set text = column ~ '_text' -%}
    {%- set too_long = text ~ ' is not null and ' ~ column ~ ' is null and '
        ~ firstparty.regex_matches(text, firstparty.decimal_pattern()) -%}
    {%- set too_large = 'abs(' ~ column ~ ') > ' ~ var('staging_max_amount') -%}
    {{ return([
        {'failed': '(' ~ too_long ~ ') or ' ~ too_large, 'reason': 'amount_out_of_range', 'column': column},
        {'failed': column ~ ' is null', 'reason': 'invalid_amount', 'column': column},
    ]) }}
{%- endmacro %}
