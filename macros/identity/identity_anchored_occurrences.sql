{# Each occurrence of an identifier with the identifier's anchor: its first occurrence in a given order. #}
{#- The rows of `occurrences_cte` (a CTE with identifier_key, identifier_class, identifier_type,
    record_number, source_name, is_profile_record, seen_at), each with the record number, export and
    identifier type of its identifier's anchor: the first occurrence by profile record first, earliest
    seen (never seen last), lowest record number, then identifier type. Elsewhere a window over each
    identifier; on DuckDB the anchor is one aggregate per identifier (arg_min over that order) joined
    back: the window's sort of every occurrence by its text key was 3.2 of the model's 5.3 CPU-seconds
    at 100k persons (docs/scale.md). -#}
{% macro identity_anchored_occurrences(occurrences_cte) -%}
    {{ return(adapter.dispatch('identity_anchored_occurrences', 'firstparty')(occurrences_cte)) }}
{%- endmacro %}

{% macro default__identity_anchored_occurrences(occurrences_cte) -%}
    select
        identifier_key,
        identifier_class,
        identifier_type,
        record_number,
        source_name,
        first_value(record_number) over anchor_order as anchor_record_number,
        first_value(source_name) over anchor_order as anchor_source_name,
        first_value(identifier_type) over anchor_order as anchor_identifier_type
    from {{ occurrences_cte }}
    window anchor_order as (
        partition by identifier_key
        order by
            case when is_profile_record then 0 else 1 end,
            seen_at nulls last,
            record_number,
            identifier_type
    )
{%- endmacro %}

{#- The order as a struct DuckDB compares field by field: profile records first and unseen records last in
    one rank, so that no field of the key is null. -#}
{% macro duckdb__identity_anchored_occurrences(occurrences_cte) -%}
    select
        {{ occurrences_cte }}.identifier_key,
        {{ occurrences_cte }}.identifier_class,
        {{ occurrences_cte }}.identifier_type,
        {{ occurrences_cte }}.record_number,
        {{ occurrences_cte }}.source_name,
        anchors.anchor.record_number as anchor_record_number,
        anchors.anchor.source_name as anchor_source_name,
        anchors.anchor.identifier_type as anchor_identifier_type
    from {{ occurrences_cte }}
    inner join (
        select
            identifier_key,
            arg_min(
                {
                    'record_number': record_number,
                    'source_name': source_name,
                    'identifier_type': identifier_type
                },
                {
                    'anchor_rank': case when is_profile_record then 0 else 2 end
                    + case when seen_at is null then 1 else 0 end,
                    'seen_at': coalesce(seen_at, cast('1970-01-01' as timestamp)),
                    'record_number': record_number,
                    'identifier_type': identifier_type
                }
            ) as anchor
        from {{ occurrences_cte }}
        group by identifier_key
    ) as anchors
        on {{ occurrences_cte }}.identifier_key = anchors.identifier_key
{%- endmacro %}
