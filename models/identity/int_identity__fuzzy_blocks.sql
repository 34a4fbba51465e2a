{#- Blocking for the fuzzy rule: only CRM contacts with the same postcode and birth date are compared,
    so compared pairs grow with the records, not their square. A block holding more records than
    identity_fuzzy_max_block_records is not compared at all (it is reported in identity_issues). -#}
with

crm_contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

comparable_contacts as (
    select
        postcode,
        birth_date
    from crm_contacts
    where
        postcode is not null
        and birth_date is not null
        and last_name is not null
),

blocks as (
    select
        {{ dbt.hash(dbt.concat(['postcode', "'|'", 'cast(birth_date as ' ~ dbt.type_string() ~ ')'])) }} as block_key,
        postcode,
        birth_date,
        count(*) as record_count
    from comparable_contacts
    group by postcode, birth_date
),

checked_blocks as (
    select
        block_key,
        postcode,
        birth_date,
        record_count,
        record_count <= {{ var('identity_fuzzy_max_block_records') }} as is_compared
    from blocks
)

select * from checked_blocks
