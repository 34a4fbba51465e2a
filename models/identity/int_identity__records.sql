with

{{ firstparty.export_import_ctes(firstparty.export_registry()) -}}
{#- One row per staged record of every export (macro identity_staged_records, from the export registry). -#}
staged_records as (
    {{- firstparty.identity_staged_records() }}
),

keyed_records as (
    select
        {{ firstparty.identity_record_key('source_name', 'source_record_id') }} as record_key,
        source_name,
        source_record_id,
        record_kind,
        record_kind = 'profile' as is_profile_record,
        seen_at
    from staged_records
),

{# Numbered in key order (doc identity_record_number): the identity chain works on these numbers. #}
numbered_records as (
    select
        row_number() over (order by record_key) as record_number,
        record_key,
        source_name,
        source_record_id,
        record_kind,
        is_profile_record,
        seen_at
    from keyed_records
)

select * from numbered_records
