{# The golden record's survivorship ordering, written once: the window over one customer's candidates for one attribute, best first. #}
{#
    Best first: the most trusted source (lowest trust_rank, seed ref_source_trust), then the most
    recently updated record (a record without a time last), then the most complete record (most of
    the seven attributes filled), then the lowest source name and record id, so the choice is
    deterministic. customer_attribute_provenance ranks its candidates with it and reads the
    runner-up's values through it to say which rule decided.
#}
{% macro survivorship_window() -%}
    partition by customer_id, attribute_name
    order by
        trust_rank asc,
        record_updated_at desc nulls last,
        filled_attribute_count desc,
        source_name asc,
        source_record_id asc
{%- endmacro %}
