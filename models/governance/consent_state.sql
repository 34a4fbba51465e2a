{{ config(access='public') }}

{#- Consent per customer x purpose x channel x contact point, for the purposes that need consent.

    Rules, each with a unit test (_governance__unit_tests.yml):
    - decided by event time (decided_at), never by load time (recorded_at): the latest decision wins,
      even when it arrived before an older one;
    - a grant and a withdrawal with the same decided_at resolve to deny;
    - no decision is a deny (every customer has a row for every consent purpose and channel, and for
      every email address or phone number on the channels that have one);
    - a withdrawal ends a grant;
    - a grant older than var consent_max_grant_age_days (at as_of) has expired: deny;
    - a Global Privacy Control signal from any device of the person, or an opt-out request, denies
      the purposes marked is_opted_out_by_gpc (targeted_advertising, partner_sharing) for the whole
      cluster, whatever was granted;
    - a decision for one email address or phone number is for that one only.
    Decisions dated after as_of are not yet in force and are ignored. -#}
with

decisions as (
    select * from {{ ref('int_governance__consent_decisions') }}
),

contact_points as (
    select * from {{ ref('int_governance__contact_points') }}
),

opt_outs as (
    select * from {{ ref('int_governance__privacy_opt_outs') }}
),

record_map as (
    select * from {{ ref('customer_record_map') }}
),

purposes as (
    select * from {{ ref('privacy_purposes') }}
),

purpose_channels as (
    select * from {{ ref('privacy_purpose_channels') }}
),

consent_channels as (
    select
        purpose_channels.purpose,
        purpose_channels.channel,
        purpose_channels.contact_point_type,
        purposes.is_opted_out_by_gpc
    from purpose_channels
    inner join purposes
        on purpose_channels.purpose = purposes.purpose
    where purposes.is_consent_required
),

customers as (
    select distinct customer_id
    from record_map
),

consent_keys as (
    select
        customers.customer_id,
        consent_channels.purpose,
        consent_channels.channel,
        consent_channels.contact_point_type,
        cast(null as {{ dbt.type_string() }}) as contact_point,
        consent_channels.is_opted_out_by_gpc
    from customers
    cross join consent_channels
    where consent_channels.contact_point_type is null
    union all
    select
        contact_points.customer_id,
        consent_channels.purpose,
        consent_channels.channel,
        consent_channels.contact_point_type,
        contact_points.contact_point,
        consent_channels.is_opted_out_by_gpc
    from contact_points
    inner join consent_channels
        on contact_points.contact_point_type = consent_channels.contact_point_type
),

decisions_in_force as (
    select
        *,
        max(decided_at) over (
            partition by customer_id, purpose, channel, contact_point
        ) as latest_decided_at
    from decisions
    where decided_at <= {{ firstparty.as_of_timestamp() }}
),

latest_decisions as (
    select
        customer_id,
        purpose,
        channel,
        contact_point,
        latest_decided_at as decided_at,
        case
            when bool_or(decision = 'withdraw') and bool_or(decision = 'grant') then 'tie'
            when bool_or(decision = 'withdraw') then 'withdraw'
            else 'grant'
        end as latest_decision,
        min(consent_event_id) as consent_event_id
    from decisions_in_force
    where decided_at = latest_decided_at
    group by customer_id, purpose, channel, contact_point, latest_decided_at
),

resolved as (
    select
        consent_keys.customer_id,
        consent_keys.purpose,
        consent_keys.channel,
        consent_keys.contact_point_type,
        consent_keys.contact_point,
        latest_decisions.latest_decision,
        latest_decisions.consent_event_id,
        latest_decisions.decided_at,
        {{ dbt.dateadd('day', var('consent_max_grant_age_days') | int, 'latest_decisions.decided_at') }}
            as grant_expires_at,
        case when consent_keys.is_opted_out_by_gpc then opt_outs.opted_out_at end as opted_out_at,
        case
            when not consent_keys.is_opted_out_by_gpc then null
            when opt_outs.first_gpc_signal_at is not null then 'gpc_signal'
            when opt_outs.first_opt_out_request_at is not null then 'opt_out_request'
        end as opt_out_reason
    from consent_keys
    left join latest_decisions
        on
            consent_keys.customer_id = latest_decisions.customer_id
            and consent_keys.purpose = latest_decisions.purpose
            and consent_keys.channel = latest_decisions.channel
            and consent_keys.contact_point is not distinct from latest_decisions.contact_point
    left join opt_outs
        on consent_keys.customer_id = opt_outs.customer_id
),

consent_state as (
    select
        customer_id,
        purpose,
        channel,
        contact_point_type,
        contact_point,
        case
            when
                opt_out_reason is null
                and latest_decision = 'grant'
                and grant_expires_at > {{ firstparty.as_of_timestamp() }}
                then 'granted'
            else 'denied'
        end as status,
        case
            when opt_out_reason is not null then opt_out_reason
            when latest_decision is null then 'no_decision'
            when latest_decision = 'tie' then 'grant_and_withdrawal_at_same_time'
            when latest_decision = 'withdraw' then 'withdrawn'
            when grant_expires_at <= {{ firstparty.as_of_timestamp() }} then 'grant_expired'
            else 'granted'
        end as status_reason,
        case when opt_out_reason is not null then opted_out_at else decided_at end as decided_at,
        case when latest_decision = 'grant' then grant_expires_at end as grant_expires_at,
        consent_event_id
    from resolved
)

select * from consent_state
