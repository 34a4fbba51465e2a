{#- The person records probabilistic matching compares: one row per staged profile record of every
    export that describes a person (CRM contacts, shop accounts, ESP subscribers, loyalty members),
    with what each export has of names, birth date and address, normalised for comparison (lower
    case, punctuation and spaces removed from names), and the derived keys the blocking rules use. -#}
{%- set name_punctuation = "[- .,'']" -%}

with

crm_contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

shop_customers as (
    select * from {{ ref('stg_shop__customers') }}
),

esp_subscribers as (
    select * from {{ ref('stg_esp__subscribers') }}
),

pos_loyalty_members as (
    select * from {{ ref('stg_pos__loyalty_members') }}
),

person_records as (
    select
        'crm_contacts' as source_name,
        contact_id as source_record_id,
        first_name,
        last_name,
        birth_date,
        street_address,
        postcode,
        city
    from crm_contacts
    union all
    select
        'shop_customers' as source_name,
        shop_customer_id as source_record_id,
        first_name,
        last_name,
        cast(null as date) as birth_date,
        cast(null as {{ dbt.type_string() }}) as street_address,
        cast(null as {{ dbt.type_string() }}) as postcode,
        cast(null as {{ dbt.type_string() }}) as city
    from shop_customers
    union all
    select
        'esp_subscribers' as source_name,
        subscriber_id as source_record_id,
        first_name,
        cast(null as {{ dbt.type_string() }}) as last_name,
        cast(null as date) as birth_date,
        cast(null as {{ dbt.type_string() }}) as street_address,
        cast(null as {{ dbt.type_string() }}) as postcode,
        cast(null as {{ dbt.type_string() }}) as city
    from esp_subscribers
    union all
    select
        'pos_loyalty_members' as source_name,
        loyalty_id as source_record_id,
        first_name,
        last_name,
        cast(null as date) as birth_date,
        cast(null as {{ dbt.type_string() }}) as street_address,
        postcode,
        cast(null as {{ dbt.type_string() }}) as city
    from pos_loyalty_members
),

normalised as (
    select
        {{ firstparty.identity_record_key('source_name', 'source_record_id') }} as record_key,
        source_name,
        source_record_id,
        nullif(lower({{ firstparty.regex_replace_all('first_name', name_punctuation, '') }}), '') as given_name,
        nullif(lower({{ firstparty.regex_replace_all('last_name', name_punctuation, '') }}), '') as family_name,
        birth_date,
        cast(birth_date as {{ dbt.type_string() }}) as birth_date_text,
        nullif(
            trim(lower({{ firstparty.regex_replace_all(
                firstparty.regex_replace_all('street_address', "[.,'']", ''), ' {2,}', ' '
            ) }})),
            ''
        ) as street,
        postcode,
        nullif(trim(lower(city)), '') as city
    from person_records
),

with_blocking_keys as (
    select
        record_key,
        source_name,
        source_record_id,
        given_name,
        family_name,
        birth_date,
        birth_date_text,
        substring(birth_date_text, 1, 4) as birth_year,
        street,
        postcode,
        city,
        substring(given_name, 1, 1) as given_initial,
        substring(family_name, 1, 1) as family_initial,
        substring(family_name, 1, 4) as family_prefix,
        case
            when given_name is not null and family_name is not null
                then {{ dbt.concat(['least(given_name, family_name)', "'|'", 'greatest(given_name, family_name)']) }}
        end as name_set
    from normalised
)

select * from with_blocking_keys
