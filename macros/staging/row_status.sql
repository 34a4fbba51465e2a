{# Classify each raw row as staged, quarantined, superseded (an older version of a key) or duplicate (an exact copy). #}
{#
    Needs raw_row_hash and quarantine_reason on the row. Exact copies after the first are
    'duplicate' (counted, not kept). Among the valid rows of one key, the newest by `newest_first`
    (an order-by list such as 'updated_at desc') is 'staged' and older versions are 'superseded';
    ties are broken by raw_row_hash so the choice is deterministic. Identical copies share a
    dense_rank, so a duplicated latest version still stages once.
#}
{% macro row_status(key_column, newest_first) -%}
    case
        when row_number() over (partition by raw_row_hash order by raw_row_hash) > 1
            then 'duplicate'
        when quarantine_reason is not null
            then 'quarantined'
        when dense_rank() over (
            partition by {{ key_column }}, quarantine_reason
            order by {{ newest_first }}, raw_row_hash
        ) > 1
            then 'superseded'
        else 'staged'
    end
{%- endmacro %}
