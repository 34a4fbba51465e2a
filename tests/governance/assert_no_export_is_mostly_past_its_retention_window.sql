-- Retention must not silently empty an export: warn (a dbt warning per export, naming the share and the
-- vars to set) when more than var retention_expired_share_warning (one half) of an export's rows are past
-- their retention window at as_of, usually because the export was taken long before the build and var
-- as_of is not set (int_governance__mostly_expired_exports).
{{ config(group='governance', severity='warn') }}

{%- if execute and load_relation(ref('int_governance__mostly_expired_exports')) is not none %}
    {%- set exports = run_query(
        "select source_name, retention_class, retention_days, raw_row_count, expired_row_count,"
        ~ " expired_row_share, cast(as_of as " ~ dbt.type_string() ~ ") as as_of from "
        ~ ref('int_governance__mostly_expired_exports') ~ " order by source_name") %}
    {%- for row in exports.rows %}
        {%- do exceptions.warn(
            'firstparty: ' ~ '%.0f' % (row[5] * 100) ~ '% of ' ~ row[0] ~ ' (' ~ row[4] ~ ' of ' ~ row[3]
            ~ ' rows) are past their retention window (' ~ row[1] ~ ', ' ~ row[2] ~ ' days before as_of '
            ~ row[6] ~ ') and were not staged. If the export was taken earlier, set var as_of to when it '
            ~ 'was taken (--vars "{as_of: \'YYYY-MM-DD\'}"); if the window is wrong, set var retention_days.'
            ~ row[1] ~ '.') %}
    {%- endfor %}
{%- endif %}

select
    source_name,
    expired_row_share
from {{ ref('int_governance__mostly_expired_exports') }}
