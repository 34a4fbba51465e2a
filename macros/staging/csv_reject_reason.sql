{# What a DuckDB CSV reject error type means, in words. #}
{% macro csv_reject_reason(error_types) -%}
    {%- set reasons = {
        'TOO MANY COLUMNS': 'more fields than the header',
        'MISSING COLUMNS': 'fewer fields than the header',
        'UNQUOTED VALUE': 'a quote that is not closed, or text after a closing quote (the rest of the file may be inside the quote)',
        'INVALID ENCODING': 'not valid UTF-8',
        'LINE SIZE OVER MAXIMUM': 'line longer than 2 MB',
        'CAST ERROR': 'value cannot be read as text',
        'INVALID STATE': 'not valid CSV'
    } -%}
    {%- set words = [] -%}
    {%- for error_type in error_types.split(', ') -%}
        {%- do words.append(reasons.get(error_type, error_type | lower)) -%}
    {%- endfor -%}
    {{- words | join('; ') -}}
{%- endmacro %}
