{# An audience: its definition's customers, kept only where consent, suppression and erasure allow; every audience model is built by it. #}
{#
    `definition` is a select returning customer_id (one or more rows per customer). The macro, not the
    definition, decides who may be reached: a member is a customer of the definition with a granted
    consent_state row for exactly this purpose and channel, one row per consented contact point (null
    on channels whose consent is the person's: web, ads, partner), whose contact point is not on the
    suppression list (audience_suppressions) and whose contact point's tombstone is not in the erasure
    ledger. The calling model must declare the same purpose in its yml (config.meta.purpose), or the
    build stops; tests_py/test_audiences.py checks every model under models/marts/audiences is built
    this way.
#}
{% macro audience(audience_id, purpose, channel, definition) -%}
    {#- A unit test runs the model's SQL under the test's own node: the model's yml is checked by pytest. -#}
    {%- set declared = model.config.get('meta', {}).get('purpose') -%}
    {%- if execute and model.resource_type == 'model' and declared != purpose -%}
        {{ exceptions.raise_compiler_error(
            "audience '" ~ audience_id ~ "': the model must declare meta.purpose: " ~ purpose
            ~ " in its yml (it declares " ~ (declared or 'nothing') ~ ")") }}
    {%- endif -%}
    {%- set contact_point_types = {'email': 'email', 'sms': 'phone'} -%}
    with

    audience_definition as (
        {{ definition }}
    ),

    granted_consent as (
        select
            customer_id,
            contact_point_type,
            contact_point
        from {{ ref('consent_state') }}
        where
            purpose = '{{ purpose }}'
            and channel = '{{ channel }}'
            and status = 'granted'
    ),

    suppressions as (
        select * from {{ ref('audience_suppressions') }}
    ),

    consented_members as (
        select distinct
            granted_consent.customer_id,
            granted_consent.contact_point_type,
            granted_consent.contact_point
        from audience_definition
        inner join granted_consent
            on audience_definition.customer_id = granted_consent.customer_id
    ),

    reachable_members as (
        select
            '{{ audience_id }}' as audience_id,
            consented_members.customer_id,
            '{{ purpose }}' as purpose,
            '{{ channel }}' as channel,
            consented_members.contact_point_type,
            consented_members.contact_point
        from consented_members
        where
            not exists (
                select 1 as is_suppressed
                from suppressions
                where
                    suppressions.channel = '{{ channel }}'
                    and suppressions.contact_point = consented_members.contact_point
            )
            {%- if channel in contact_point_types %}
            {%- for key_slot in firstparty.tombstone_key_slots() %}
            and not {{ firstparty.is_tombstoned(firstparty.tombstone_hash(
                "'" ~ contact_point_types[channel] ~ "'", 'consented_members.contact_point', key_slot)) }}
            {%- endfor %}
            {%- endif %}
    )

    select * from reachable_members
{%- endmacro %}
