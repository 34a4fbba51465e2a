-- Nothing lost: for every raw export, raw rows = staged + quarantined + removed exact duplicates
-- + erased (tombstoned identifiers) + expired (past the retention window).
-- Each count comes from its own relation or rule (the raw export, the stg_ model, quarantined_rows,
-- the base_ view's duplicates, the tombstone check, the retention check), so a filter or join that
-- silently drops rows anywhere in staging fails here.
select
    source_name,
    raw_row_count,
    staged_row_count,
    quarantined_row_count,
    duplicate_row_count,
    erased_row_count,
    expired_row_count,
    unaccounted_row_count
from {{ ref('staging_reconciliation') }}
where unaccounted_row_count != 0
