{#- The guard against over-merging, per identifier. An identifier people can share (an email, a phone,
    a browser cookie) does not link records on its own when the records carrying it hold the keys of
    more than one person, or many other contact points, or are many person records. It counts what
    measures people, never raw event rows: a cookie on 50 web events of one person counts once. -#}
{%- set shareable_list = "'email', 'phone', 'anonymous_id'" -%}
{#- Records that describe a person (profiles) or a person's contact with the brand (contacts). -#}
{%- set person_record_kinds = "'profile', 'contact'" -%}

with

occurrences as {{ firstparty.not_materialized() }} (
    select * from {{ ref('int_identity__identifier_occurrences') }}
),

blocklist as {{ firstparty.not_materialized() }} (
    select * from {{ ref('ref_identity_blocklist') }}
),

crm_contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

records as {{ firstparty.not_materialized() }} (
    select * from {{ ref('int_identity__records') }}
),

{# An exact entry blocks the identifier itself, so an email is blocked in its hashed form too. #}
exactly_blocked_identifiers as (
    select
        case
            when identifier_type = 'email'
                then {{ firstparty.identity_identifier_key("'email'", firstparty.sha256_hex('blocked_value')) }}
            else {{ firstparty.identity_identifier_key('identifier_type', 'blocked_value') }}
        end as identifier_key,
        reason
    from blocklist
    where match_type = 'exact'
),

plain_contact_values as (
    select distinct
        identifier_key,
        identifier_type,
        identifier_value
    from occurrences
    where identifier_type in ('email', 'phone')
),

pattern_blocked_identifiers as (
    select
        plain_contact_values.identifier_key,
        blocklist.reason
    from plain_contact_values
    inner join blocklist
        on plain_contact_values.identifier_type = blocklist.identifier_type
    where {{ firstparty.identity_blocklist_pattern_matches('plain_contact_values.identifier_value') }}
),

blocked_identifiers as (
    select
        identifier_key,
        min(reason) as blocklist_reason
    from (
        select
            identifier_key,
            reason
        from exactly_blocked_identifiers
        union all
        select
            identifier_key,
            reason
        from pattern_blocked_identifiers
    ) as blocked
    group by identifier_key
),

{# Keys a person holds exactly one of: a shop account, a loyalty card, a birth date. Records by number
    (doc identity_record_number): a contact's is found among the records by its export and id. #}
person_keys as (
    select
        record_number,
        identifier_class as person_key_type,
        identifier_key as person_key
    from occurrences
    where identifier_class in ('shop_customer_id', 'loyalty_id')
    union all
    select
        records.record_number,
        'birth_date' as person_key_type,
        cast(crm_contacts.birth_date as {{ dbt.type_string() }}) as person_key
    from crm_contacts
    inner join records
        on
            records.source_name = 'crm_contacts'
            and crm_contacts.contact_id = records.source_record_id
    where crm_contacts.birth_date is not null
),

{# Emails and phones that are not blocked: the contact points a person has a few of. #}
contact_points as (
    select
        occurrences.record_number,
        occurrences.identifier_class,
        occurrences.identifier_key
    from occurrences
    left join blocked_identifiers
        on occurrences.identifier_key = blocked_identifiers.identifier_key
    where
        occurrences.identifier_class in ('email', 'phone')
        and blocked_identifiers.identifier_key is null
),

shareable_occurrences as (
    select
        record_number,
        identifier_key
    from occurrences
    where identifier_class in ({{ shareable_list }})
),

person_keys_per_identifier as (
    select
        shareable_occurrences.identifier_key,
        count(distinct case when person_keys.person_key_type = 'shop_customer_id' then person_keys.person_key end)
            as shop_account_count,
        count(distinct case when person_keys.person_key_type = 'loyalty_id' then person_keys.person_key end)
            as loyalty_id_count,
        count(distinct case when person_keys.person_key_type = 'birth_date' then person_keys.person_key end)
            as birth_date_count
    from shareable_occurrences
    inner join person_keys
        on shareable_occurrences.record_number = person_keys.record_number
    group by shareable_occurrences.identifier_key
),

contact_points_per_identifier as (
    select
        shareable_occurrences.identifier_key,
        count(distinct case when contact_points.identifier_class = 'email' then contact_points.identifier_key end)
            as other_email_count,
        count(distinct case when contact_points.identifier_class = 'phone' then contact_points.identifier_key end)
            as other_phone_count
    from shareable_occurrences
    inner join contact_points
        on
            shareable_occurrences.record_number = contact_points.record_number
            and shareable_occurrences.identifier_key <> contact_points.identifier_key
    group by shareable_occurrences.identifier_key
),

{# An identifier's records, counted without grouping every occurrence by record: a record carries an
    identifier key once (occurrences are unique on record, type and value, and a key is its class and
    value), except an email, which a record may carry both plain and hashed (one key, two types). So an
    identifier's records are its occurrences less the hashed emails whose record carries the same email
    plain, found among the few hashed ones. Grouping the 41M occurrences by (identifier, record) first, the
    model took 52-56 s alone at 1M persons against 28-30 s (docs/scale.md); a count(distinct) per measure
    before that spilled 18 GB beside the database file. #}
repeated_on_a_record as (
    select
        hashed_emails.identifier_key,
        count(*) as repeat_count,
        sum(case when hashed_emails.record_kind in ({{ person_record_kinds }}) then 1 else 0 end) as person_repeat_count
    from occurrences as hashed_emails
    inner join occurrences as plain_emails
        on
            hashed_emails.identifier_key = plain_emails.identifier_key
            and hashed_emails.record_number = plain_emails.record_number
    where
        hashed_emails.identifier_type = 'hashed_email'
        and plain_emails.identifier_type = 'email'
    group by hashed_emails.identifier_key
),

occurrence_summaries as (
    select
        identifier_key,
        identifier_class,
        count(*) as occurrence_count,
        sum(case when record_kind in ({{ person_record_kinds }}) then 1 else 0 end) as person_occurrence_count,
        min(seen_at) as first_seen_at
    from occurrences
    group by identifier_key, identifier_class
),

{# The plain value where one exists (an email seen only hashed shows its hash). A key is its class and
    its match value (macro identity_identifier_key), which is the value itself for every type but a plain
    email (matched by its SHA-256): so only plain emails are looked up, and every other value is read
    back from the key. A text minimum per identifier over every occurrence took 22.7 of the model's 98.7
    CPU seconds at 1M persons. #}
plain_email_values as (
    select
        identifier_key,
        min(identifier_value) as identifier_value
    from occurrences
    where identifier_type = 'email'
    group by identifier_key
),

identifier_summaries as (
    select
        occurrence_summaries.identifier_key,
        occurrence_summaries.identifier_class,
        coalesce(
            plain_email_values.identifier_value,
            {{ firstparty.identity_identifier_key_match_value(
                'occurrence_summaries.identifier_key', 'occurrence_summaries.identifier_class'
            ) }}
        ) as identifier_value,
        cast(occurrence_summaries.occurrence_count as {{ dbt.type_bigint() }}) as occurrence_count,
        cast(
            occurrence_summaries.occurrence_count - coalesce(repeated_on_a_record.repeat_count, 0)
            as {{ dbt.type_bigint() }}
        ) as record_count,
        cast(
            occurrence_summaries.person_occurrence_count - coalesce(repeated_on_a_record.person_repeat_count, 0)
            as {{ dbt.type_bigint() }}
        ) as person_record_count,
        occurrence_summaries.first_seen_at
    from occurrence_summaries
    left join repeated_on_a_record
        on occurrence_summaries.identifier_key = repeated_on_a_record.identifier_key
    left join plain_email_values
        on occurrence_summaries.identifier_key = plain_email_values.identifier_key
),

guarded_identifiers as (
    select
        identifier_summaries.identifier_key,
        identifier_summaries.identifier_class,
        identifier_summaries.identifier_value,
        identifier_summaries.occurrence_count,
        identifier_summaries.record_count,
        identifier_summaries.person_record_count,
        coalesce(person_keys_per_identifier.shop_account_count, 0) as shop_account_count,
        coalesce(person_keys_per_identifier.loyalty_id_count, 0) as loyalty_id_count,
        coalesce(person_keys_per_identifier.birth_date_count, 0) as birth_date_count,
        coalesce(contact_points_per_identifier.other_email_count, 0) as other_email_count,
        coalesce(contact_points_per_identifier.other_phone_count, 0) as other_phone_count,
        blocked_identifiers.blocklist_reason,
        case
            when blocked_identifiers.identifier_key is not null then null
            when identifier_summaries.identifier_class not in ({{ shareable_list }}) then null
            when
                person_keys_per_identifier.shop_account_count > {{ var('identity_max_person_keys_per_identifier') }}
                or person_keys_per_identifier.loyalty_id_count > {{ var('identity_max_person_keys_per_identifier') }}
                or person_keys_per_identifier.birth_date_count > {{ var('identity_max_person_keys_per_identifier') }}
                then 'carried_with_several_person_keys'
            when
                contact_points_per_identifier.other_email_count
                > {{ var('identity_max_contact_points_per_identifier') }}
                or contact_points_per_identifier.other_phone_count
                > {{ var('identity_max_contact_points_per_identifier') }}
                then 'carried_with_many_contact_points'
            when
                identifier_summaries.person_record_count
                > {{ var('identity_max_person_records_per_identifier') }}
                then 'carried_by_many_person_records'
        end as shared_reason,
        identifier_summaries.first_seen_at
    from identifier_summaries
    left join person_keys_per_identifier
        on identifier_summaries.identifier_key = person_keys_per_identifier.identifier_key
    left join contact_points_per_identifier
        on identifier_summaries.identifier_key = contact_points_per_identifier.identifier_key
    left join blocked_identifiers
        on identifier_summaries.identifier_key = blocked_identifiers.identifier_key
),

identifier_verdicts as (
    select
        identifier_key,
        identifier_class,
        identifier_value,
        occurrence_count,
        record_count,
        person_record_count,
        shop_account_count,
        loyalty_id_count,
        birth_date_count,
        other_email_count,
        other_phone_count,
        blocklist_reason,
        shared_reason,
        blocklist_reason is not null as is_blocklisted,
        shared_reason is not null as is_shared,
        blocklist_reason is null and shared_reason is null as is_linking,
        first_seen_at
    from guarded_identifiers
)

select * from identifier_verdicts
