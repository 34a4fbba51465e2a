-- consent_state's grain: one status per customer x purpose x channel x contact point (null counts as one value).
select
    customer_id,
    purpose,
    channel,
    contact_point,
    count(*) as row_count
from {{ ref('consent_state') }}
group by customer_id, purpose, channel, contact_point
having count(*) > 1
