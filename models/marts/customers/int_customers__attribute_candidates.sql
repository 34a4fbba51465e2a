with

profile_records as (
    select * from {{ ref('int_customers__profile_records') }}
),

source_trust as (
    select * from {{ ref('ref_source_trust') }}
),

attributes_held as (
    {%- set attributes = {
        'name': 'first_name is not null or last_name is not null',
        'email': 'email is not null',
        'phone': 'phone is not null',
        'postal_address': 'street_address is not null or postcode is not null',
        'country_code': 'country_code is not null',
        'birth_date': 'birth_date is not null',
        'loyalty_id': 'loyalty_id is not null',
    } %}
    {%- for attribute_name, is_held in attributes.items() %}
        select
            customer_id,
            '{{ attribute_name }}' as attribute_name,
            source_name,
            source_record_id,
            record_updated_at,
            filled_attribute_count
        from profile_records
        where {{ is_held }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

candidates as (
    select
        attributes_held.customer_id,
        attributes_held.attribute_name,
        attributes_held.source_name,
        attributes_held.source_record_id,
        source_trust.trust_rank,
        attributes_held.record_updated_at,
        attributes_held.filled_attribute_count
    from attributes_held
    inner join source_trust
        on
            attributes_held.attribute_name = source_trust.attribute_name
            and attributes_held.source_name = source_trust.source_name
)

select * from candidates
