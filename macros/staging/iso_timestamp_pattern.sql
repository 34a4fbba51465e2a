{# The regular expression an ISO 8601 timestamp text must match, with or without a UTC offset or Z. #}
{% macro iso_timestamp_pattern(with_offset) -%}
    {%- set date_time = firstparty.iso_date_pattern().rstrip('$') ~ '[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,6})?)?' -%}
    {%- if with_offset -%}
        {{ return(date_time ~ '(Z|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$') }}
    {%- else -%}
        {{ return(date_time ~ '$') }}
    {%- endif -%}
{%- endmacro %}

{# The regular expression an ISO 8601 calendar date (YYYY-MM-DD) must match; impossible days pass it and fail the cast. #}
{% macro iso_date_pattern() -%}
    {{ return('^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$') }}
{%- endmacro %}
