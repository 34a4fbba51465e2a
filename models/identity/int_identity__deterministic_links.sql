{#- Records sharing a linking identifier are linked through it: each record carrying the identifier is
    linked to the identifier's anchor (the earliest-seen profile record carrying it, else the earliest
    record), so an identifier on k records gives k - 1 links, never k squared. The rule says which
    deterministic rule made the link; its strength is set in int_identity__links. -#}
with

occurrences as (
    select * from {{ ref('int_identity__identifier_occurrences') }}
),

identifiers as (
    select * from {{ ref('int_identity__identifiers') }}
),

linking_occurrences as (
    select
        occurrences.identifier_key,
        occurrences.identifier_class,
        occurrences.identifier_type,
        occurrences.record_number,
        occurrences.source_name,
        occurrences.is_profile_record,
        occurrences.seen_at
    from occurrences
    inner join identifiers
        on occurrences.identifier_key = identifiers.identifier_key
    where identifiers.is_linking
),

{# Every occurrence with its identifier's anchor, in one pass: one sort per identifier, no self-join. An
    arg_min per identifier joined back (macro first_row_by) was faster at 100k persons but slower at 1M
    (41M occurrences: 71-75 s alone against 45.5-46.3, docs/scale.md). #}
anchored_occurrences as (
    select
        identifier_key,
        identifier_class,
        identifier_type,
        record_number,
        source_name,
        first_value(record_number) over anchor_order as anchor_record_number,
        first_value(source_name) over anchor_order as anchor_source_name,
        first_value(identifier_type) over anchor_order as anchor_identifier_type
    from linking_occurrences
    window anchor_order as (
        partition by identifier_key
        order by
            case when is_profile_record then 0 else 1 end,
            seen_at nulls last,
            record_number,
            identifier_type
    )
),

anchored_links as (
    select
        identifier_key,
        identifier_class,
        anchor_record_number as record_number_a,
        anchor_source_name as source_name_a,
        anchor_identifier_type as identifier_type_a,
        record_number as record_number_b,
        source_name as source_name_b,
        identifier_type as identifier_type_b
    from anchored_occurrences
    where record_number <> anchor_record_number
),

ruled_links as (
    select
        identifier_key,
        identifier_class,
        record_number_a,
        record_number_b,
        case
            when
                identifier_class = 'email'
                and 'hashed_email' in (identifier_type_a, identifier_type_b)
                then 'hashed_email_match'
            when
                identifier_class in ('email', 'phone')
                and 'service_tickets' in (source_name_a, source_name_b)
                then 'service_ticket_contact'
            when
                identifier_class = 'email'
                and 'shop_customers' in (source_name_a, source_name_b)
                then 'shop_account_email'
            when
                identifier_class = 'shop_customer_id'
                and 'web_events' in (source_name_a, source_name_b)
                then 'web_login'
            when
                identifier_class = 'esp_subscriber_id'
                and 'web_events' in (source_name_a, source_name_b)
                then 'email_click_through'
            when identifier_class in ('shop_order_id', 'esp_subscriber_id', 'ad_click_id') then 'record_reference'
            when identifier_class = 'shop_customer_id' then 'same_shop_account'
            else {{ dbt.concat(["'same_'", 'identifier_class']) }}
        end as link_rule
    from anchored_links
),

{# A record carries an identifier once (one occurrence per record, type and value), except an email,
    which it may carry both plain and hashed: only email links can repeat, so only they are deduplicated
    (a distinct over every link cost half the model's time at 300k persons). #}
distinct_links as (
    select
        identifier_key,
        identifier_class,
        record_number_a,
        record_number_b,
        link_rule
    from ruled_links
    where identifier_class <> 'email'
    union all
    select distinct
        identifier_key,
        identifier_class,
        record_number_a,
        record_number_b,
        link_rule
    from ruled_links
    where identifier_class = 'email'
)

select * from distinct_links
