{#- The person records probabilistic matching compares: one row per staged profile record of every
    export that describes a person (CRM contacts, shop accounts, ESP subscribers, loyalty members),
    with what each export has of names, birth date and address, normalised for comparison (lower
    case, punctuation and spaces removed from names), and the derived keys the blocking rules use. -#}
{%- set name_punctuation = "[- .,'']" -%}

with

{{ firstparty.export_import_ctes(firstparty.export_registry() | selectattr('person_attributes') | list) -}}
given_name_variants as (
    select * from {{ ref('ref_given_name_variants') }}
),

{# Each nickname's formal names, as '|formal|formal|' (sorted): 'chris' is short for several. #}
nickname_formal_names as (
    select
        variant as nickname,
        min(given_name) as first_formal_name,
        {{ dbt.concat(["'|'", dbt.listagg('given_name', "'|'", 'order by given_name'), "'|'"]) }} as formal_names
    from given_name_variants
    group by variant
),

{# Every staged record of an export with person attributes (macro identity_person_records, from the
    export registry). -#}
person_records as (
    {{- firstparty.identity_person_records() }}
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

{# profile_number (doc identity_profile_number): the pairs of the match models are made and grouped on
    these integers, not on the text keys. #}
with_blocking_keys as (
    select
        row_number() over (order by normalised.record_key) as profile_number,
        normalised.record_key,
        normalised.source_name,
        normalised.source_record_id,
        normalised.given_name,
        {# The given name's forms: itself and, for a nickname, the formal names it is short for
            ('|bill|william|'); and the formal name it stands for (a nickname's first formal name, any
            other name itself). Two given names are variants of one name when either's formal name is
            among the other's forms (comparison level nickname of identity_match_comparisons). #}
        case
            when normalised.given_name is not null
                then {{ dbt.concat([
                    "'|'", 'normalised.given_name', "coalesce(nickname_formal_names.formal_names, '|')",
                ]) }}
        end as given_name_forms,
        coalesce(nickname_formal_names.first_formal_name, normalised.given_name) as given_name_formal,
        normalised.family_name,
        normalised.birth_date,
        normalised.birth_date_text,
        substring(normalised.birth_date_text, 1, 4) as birth_year,
        normalised.street,
        normalised.postcode,
        normalised.city,
        substring(normalised.given_name, 1, 1) as given_initial,
        substring(normalised.family_name, 1, 1) as family_initial,
        substring(normalised.family_name, 1, 4) as family_prefix,
        case
            when normalised.given_name is not null and normalised.family_name is not null
                then {{ dbt.concat([
                    'least(normalised.given_name, normalised.family_name)', "'|'",
                    'greatest(normalised.given_name, normalised.family_name)',
                ]) }}
        end as name_set
    from normalised
    left join nickname_formal_names
        on normalised.given_name = nickname_formal_names.nickname
)

select * from with_blocking_keys
