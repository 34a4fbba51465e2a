-- The governance report's classification row must say 0: every column of every model and seed has a privacy class.
select
    item,
    metric_value
from {{ ref('governance_report') }}
where
    report_section = 'classification'
    and metric = 'unclassified_columns'
    and metric_value != 0
