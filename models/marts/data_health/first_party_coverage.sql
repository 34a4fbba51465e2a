with

touchpoints as {{ firstparty.not_materialized() }} (
    select * from {{ ref('fct_customer_touchpoints') }}
),

customers as (
    select * from {{ ref('dim_customers') }}
),

consent as (
    select * from {{ ref('consent_state') }}
),

profile_records as (
    select * from {{ ref('int_customers__profile_records') }}
),

customer_channels as (
    select distinct
        customer_id,
        channel
    from touchpoints
),

consented_contacts as (
    select distinct customer_id
    from consent
    where
        status = 'granted'
        and contact_point is not null
),

identified_customers as (
    select distinct customer_id
    from profile_records
),

channel_customers as (
    select
        customer_channels.channel,
        customers.customer_id,
        customers.first_name is not null or customers.last_name is not null as has_name,
        customers.email is not null as has_email,
        customers.phone is not null as has_phone,
        customers.street_address is not null or customers.postcode is not null as has_postal_address,
        customers.country_code is not null as has_country_code,
        customers.birth_date is not null as has_birth_date,
        customers.loyalty_id is not null as has_loyalty_id,
        consented_contacts.customer_id is not null as has_consented_contact_point
    from customer_channels
    inner join customers
        on customer_channels.customer_id = customers.customer_id
    left join consented_contacts
        on customer_channels.customer_id = consented_contacts.customer_id
),

attribute_metrics as (
    {%- set flags = ['has_name', 'has_email', 'has_phone', 'has_postal_address', 'has_country_code',
        'has_birth_date', 'has_loyalty_id', 'has_consented_contact_point'] %}
    {%- for flag in flags %}
        select
            channel,
            '{{ "consented_contact_point" if flag == "has_consented_contact_point" else "completeness" }}'
                as metric_name,
            '{{ flag[4:] }}' as attribute_name,
            count(*) filter (where {{ flag }}) as numerator_count,
            count(*) as denominator_count
        from channel_customers
        group by 1
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

web_traffic as (
    select
        'web' as channel,
        'identified_web_events' as metric_name,
        cast(null as {{ dbt.type_string() }}) as attribute_name,
        count(*) filter (where identified_customers.customer_id is not null) as numerator_count,
        count(*) as denominator_count
    from touchpoints
    left join identified_customers
        on touchpoints.customer_id = identified_customers.customer_id
    where touchpoints.channel = 'web'
),

metrics as (
    select * from attribute_metrics
    union all
    select * from web_traffic
),

coverage as (
    select
        channel,
        metric_name,
        attribute_name,
        numerator_count,
        denominator_count,
        cast(numerator_count as {{ type_double() }}) / nullif(denominator_count, 0) as coverage_share
    from metrics
)

select * from coverage
