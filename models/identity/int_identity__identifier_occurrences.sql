with

records as (
    select * from {{ ref('int_identity__records') }}
),

{{ firstparty.export_import_ctes(firstparty.export_registry()) -}}
{# Every identifier each staged record carries, as (type, value). Record references (an order line's
    order, an email event's subscription, a conversion's click) are identifiers too: they tie the
    record to the record they name. A logged-in web event's user_id is the shop account it logged
    into; an email click-through's landing event carries the subscriber id of the email's link.
    Consent subjects are typed email, phone, anonymous_id or shop_customer_id by the export. Generated
    from the export registry (macro identity_carried_identifiers). -#}
carried_identifiers as (
    {{- firstparty.identity_carried_identifiers() }}
),

{# Emails and hashed emails meet in one identifier: an email is matched by its SHA-256, so that an ad
    conversion's hashed email is the same identifier as the plain email it was hashed from. #}
matched_identifiers as (
    select
        source_name,
        source_record_id,
        identifier_type,
        identifier_value,
        case
            when identifier_type in ('email', 'hashed_email') then 'email'
            else identifier_type
        end as identifier_class,
        case
            when identifier_type = 'email' then {{ firstparty.sha256_hex('identifier_value') }}
            else identifier_value
        end as match_value
    from carried_identifiers
    where identifier_value is not null
),

{# The record by its number (doc identity_record_number) and its export, not its text key: the chain
    after this joins and groups on numbers. #}
occurrences as (
    select
        records.record_number,
        records.source_name,
        {{ firstparty.identity_identifier_key(
            'matched_identifiers.identifier_class', 'matched_identifiers.match_value'
        ) }} as identifier_key,
        matched_identifiers.identifier_type,
        matched_identifiers.identifier_class,
        matched_identifiers.identifier_value,
        records.record_kind,
        records.is_profile_record,
        records.seen_at
    from matched_identifiers
    inner join records
        on
            matched_identifiers.source_name = records.source_name
            and matched_identifiers.source_record_id = records.source_record_id
)

select * from occurrences
