-- Which exports lose the most rows before staging, and why? A question for the owner of each
-- channel's export: the share of raw rows quarantined per reason, largest first.
with

reconciliation as (
    select * from {{ ref('staging_reconciliation') }}
),

quarantined as (
    select * from {{ ref('quarantined_rows') }}
),

rows_per_reason as (
    select
        source_name,
        quarantine_reason,
        quarantine_column,
        count(*) as quarantined_row_count
    from quarantined
    group by source_name, quarantine_reason, quarantine_column
),

shares as (
    select
        rows_per_reason.source_name,
        rows_per_reason.quarantine_reason,
        rows_per_reason.quarantine_column,
        rows_per_reason.quarantined_row_count,
        reconciliation.raw_row_count,
        rows_per_reason.quarantined_row_count * 1.0
        / nullif(reconciliation.raw_row_count, 0) as share_of_raw_rows
    from rows_per_reason
    inner join reconciliation
        on rows_per_reason.source_name = reconciliation.source_name
)

select * from shares
order by share_of_raw_rows desc
