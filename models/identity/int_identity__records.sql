with

{{ firstparty.export_import_ctes(firstparty.export_registry()) -}}
{#- One row per staged record of every export (macro identity_staged_records, from the export registry). -#}
staged_records as (
    {{- firstparty.identity_staged_records() }}
),

keyed_records as {{ firstparty.not_materialized() }} (
    select
        {{ firstparty.identity_record_key('source_name', 'source_record_id') }} as record_key,
        source_name,
        source_record_id,
        record_kind,
        record_kind = 'profile' as is_profile_record,
        seen_at
    from staged_records
),

{# Numbered in key order (doc identity_record_number): the identity chain works on these numbers. A record
    key is `<source_name>:<source_record_id>` and no export name holds ':', so key order is export order
    (by name followed by ':') and then id order within an export: each record is numbered within its export
    (a window per export, sorted by id alone) after the records of the exports before it. One window over
    every key did the same in 29.6 s at 1M persons (28.8M records, alone) against 19.7 s, and ran out of
    memory beside int_identity__match_comparisons in a build. #}
export_offsets as (
    select
        source_name,
        coalesce(sum(count(*)) over (
            order by {{ dbt.concat(['source_name', "':'"]) }}
            rows between unbounded preceding and 1 preceding
        ), 0) as records_before
    from keyed_records
    group by source_name
),

positioned_records as (
    select
        row_number() over (partition by source_name order by source_record_id) as position_in_export,
        record_key,
        source_name,
        source_record_id,
        record_kind,
        is_profile_record,
        seen_at
    from keyed_records
),

numbered_records as (
    select
        export_offsets.records_before + positioned_records.position_in_export as record_number,
        positioned_records.record_key,
        positioned_records.source_name,
        positioned_records.source_record_id,
        positioned_records.record_kind,
        positioned_records.is_profile_record,
        positioned_records.seen_at
    from positioned_records
    inner join export_offsets
        on positioned_records.source_name = export_offsets.source_name
)

select * from numbered_records
