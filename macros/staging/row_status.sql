{# Classify each raw row as staged, quarantined, superseded (an older version of a key) or duplicate (an exact copy). #}
{#
    Needs raw_row_hash and quarantine_reason on the row. Exact copies after the first are
    'duplicate' (counted, not kept). Among the valid rows of one key, the newest by `newest_first`
    (an order-by list such as 'updated_at desc') is 'staged' and older versions are 'superseded';
    ties are broken by raw_row_hash so the choice is deterministic. Identical copies share a
    dense_rank, so a duplicated latest version still stages once.

    One window, one sort: exact copies of a raw row have the same key, quarantine reason, order values
    and raw_row_hash (each is computed from the hashed columns), so they are peers in the key's window,
    and a row is a copy after the first when its row_number passes its rank (the first peer's position);
    an older version has a rank above 1 (as its dense_rank would be). The same rows as a second window
    partitioned by raw_row_hash, which sorted every column of the row again (docs/scale.md).
#}
{% macro row_status(key_column, newest_first) -%}
    {%- set version_window -%}
        over (partition by {{ key_column }}, quarantine_reason order by {{ newest_first }}, raw_row_hash)
    {%- endset -%}
    case
        when row_number() {{ version_window }} > rank() {{ version_window }}
            then 'duplicate'
        when quarantine_reason is not null
            then 'quarantined'
        when rank() {{ version_window }} > 1
            then 'superseded'
        else 'staged'
    end
{%- endmacro %}
