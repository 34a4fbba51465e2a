{#- Probabilistic matching (Fellegi-Sunter): every candidate pair scored with the fitted parameters of
    identity_match_model_fit. A field at level l adds its match weight log2(m / u), a level marked
    for term frequency adds log2(u / tf) more (tf: the share of records holding the agreed value), a
    field with no data adds nothing; with the prior's log2(lambda / (1 - lambda)) they sum to the
    pair's match weight w, and its match probability is 2^w / (1 + 2^w). A pair is a match when
    - the probability reaches var identity_match_threshold;
    - at least identity_match_min_agreeing_fields fields agree (a level above else; names swapped
      count as two), and one of them is not a name (is_name): two persons of one name are common, so
      names alone never make a match, however rare the name;
    - when the data holds households (below), the fields that tell a household's members apart
      (identifies_person: given name, birth date) add at least identity_match_min_person_weight on
      their own, and none is at its else level (or a level marked household_disagreement): a shared
      address and family name never make a match, another given name or birth date is another person
      (household members share the one and differ in the other);
    - when the data holds households, every field marked required (the given name: twins differ in
      nothing else) is on both records, or missing on one or both, each lacking record's candidates
      meeting every other condition carrying at most one value of it (a contact with no given name
      links to the one person it can be, never to either of twins; without households, candidates'
      values differ by typing noise, not twins, and the fitted weights decide);
    - when the data holds households and the person fields fall short of the weight floor because one
      is missing (a common given name, no birth date), the pair still matches when every person field
      present agrees at its closest level and each record lacking one is unambiguous the same way (its
      candidates carry at most one value of it: a father and son of one name at one home, one record
      without a birth date, link to neither);
    - the two records share no linking identifier (that pair is the deterministic rules' business).
    A match's match_evidence spells out each field's level and weight (a pair that does not match has
    them in its level_ and weight_ columns; writing the text for every candidate pair took a fifth of the
    model's time at 100k persons). -#}
{#- Runs after the deterministic links, never beside them: the two heaviest identity models side by side
    on two cores took 188 s at 1M persons against 56 + 54 s one after the other (docs/scale.md). -#}
{%- set comparisons = firstparty.identity_match_comparisons() -%}
{#- Person fields (identifies_person) missing on a record: which pairs must show the lacking record
    unambiguous (a required field missing, or the person-weight floor missed with a person field missing),
    and the partner's value of each missing field. -#}
{%- set person_fields = comparisons | selectattr('identifies_person') | list -%}
{%- set required_parts, person_missing_parts, person_closest_parts = [], [], [] -%}
{%- for comparison in person_fields -%}
    {%- if comparison.get('required') -%}
        {%- do required_parts.append('gamma_' ~ comparison.field ~ ' < 0') -%}
    {%- endif -%}
    {%- do person_missing_parts.append('gamma_' ~ comparison.field ~ ' < 0') -%}
    {%- do person_closest_parts.append('gamma_' ~ comparison.field ~ ' in (-1, 1)') -%}
{%- endfor -%}
{%- set required_gamma_missing = '(' ~ (required_parts | join(' or ') or 'false') ~ ')' -%}
{%- set person_field_missing = '(' ~ (person_missing_parts | join(' or ') or 'false') ~ ')' -%}
{%- set person_fields_present_closest = '(' ~ (person_closest_parts | join(' and ') or 'true') ~ ')' -%}
{%- set min_person_weight = var('identity_match_min_person_weight') -%}
{%- set ln2 = 'ln(2.0)' -%}
{#- Does the data hold households? Pairs agreeing on every field household members share, at the levels
    they share them at (the family name, the same home: street with postcode or city; a
    postcode or a town alone is shared by thousands), and at the else level on every person field are
    two persons sharing a home; pairs agreeing
    on those shared fields with exactly one person field at its else level are what the household rule
    refuses (twins, a parent and child of one name, or one person with a mistyped field). Twins and
    namesakes are a small part of a household's pairs, so where households explain the refused pairs,
    the first count is the larger; where it is not, the refused pairs are mostly one person with one
    field corrupted, and the fields' fitted weights decide them like any other evidence (neither the
    person-weight floor nor the else-level refusal applies). -#}
{%- set household_parts, person_else_parts, person_agree_parts, non_name_agree_parts = [], [], [], [] -%}
{%- for comparison in comparisons -%}
    {%- if not comparison.get('is_name') -%}
        {%- do non_name_agree_parts.append('gamma_' ~ comparison.field ~ ' > 0') -%}
    {%- endif -%}
    {%- if comparison.shared_by_household -%}
        {%- set shared_list = firstparty.identity_match_flagged_gammas(comparison, 'household_shared') | join(', ')
            or 'null' -%}
        {%- do household_parts.append('gamma_' ~ comparison.field ~ ' in (' ~ shared_list ~ ')') -%}
    {%- endif -%}
    {%- if comparison.identifies_person -%}
        {%- do person_else_parts.append('case when gamma_' ~ comparison.field ~ ' = 0 then 1 else 0 end') -%}
        {%- do person_agree_parts.append('case when gamma_' ~ comparison.field ~ ' > 0 then 1 else 0 end') -%}
    {%- endif -%}
{%- endfor -%}
{%- set shares_a_home = household_parts | join(' and ') or 'false' -%}
{%- set person_else_count = '(' ~ (person_else_parts | join(' + ') or '0') ~ ')' -%}
{%- set person_agree_count = '(' ~ (person_agree_parts | join(' + ') or '0') ~ ')' -%}
{%- set person_disagreements = [] -%}
{%- set evidence_parts = ["'prior '", 'cast(cast(prior_weight as decimal(10, 2)) as ' ~ dbt.type_string() ~ ')'] -%}
{%- for comparison in comparisons -%}
    {%- if comparison.identifies_person -%}
        {%- set disagreeing_gammas = [0] + firstparty.identity_match_flagged_gammas(
            comparison, 'household_disagreement'
        ) -%}
        {%- do person_disagreements.append(
            'field_weights.gamma_' ~ comparison.field ~ ' in (' ~ disagreeing_gammas | join(', ') ~ ')'
        ) -%}
    {%- endif -%}
    {%- do evidence_parts.extend([
        "'; " ~ comparison.field ~ " '", 'level_' ~ comparison.field, "' '",
        'cast(cast(weight_' ~ comparison.field ~ ' as decimal(10, 2)) as ' ~ dbt.type_string() ~ ')',
    ]) -%}
{%- endfor %}
-- depends_on: {{ ref('int_identity__deterministic_links') }}

with

comparisons as {{ firstparty.not_materialized() }} (
    select * from {{ ref('int_identity__match_comparisons') }}
),

model_fit as {{ firstparty.not_materialized() }} (
    select * from {{ ref('identity_match_model_fit') }}
),

term_frequencies as (
    select * from {{ ref('int_identity__match_term_frequencies') }}
),

profiles as {{ firstparty.not_materialized() }} (
    select * from {{ ref('int_identity__match_profiles') }}
),

occurrences as (
    select * from {{ ref('int_identity__identifier_occurrences') }}
),

records as {{ firstparty.not_materialized() }} (
    select * from {{ ref('int_identity__records') }}
),

identifiers as (
    select * from {{ ref('int_identity__identifiers') }}
),

fitted_prior as (
    select max(match_prior) as match_prior
    from model_fit
),

household_evidence as (
    select
        count(
            case
                when {{ shares_a_home }} and {{ person_else_count }} = {{ person_else_parts | length }}
                    then 1
            end
        ) as household_pairs,
        count(
            case
                when
                    {{ shares_a_home }} and {{ person_else_count }} = 1
                    and {{ person_agree_count }} = {{ person_agree_parts | length - 1 }}
                    then 1
            end
        ) as refused_household_pairs
    from comparisons
),

data_holds_households as (
    select
        {%- if household_parts %}
            household_pairs >= refused_household_pairs as holds_households
        {%- else %}
            true as holds_households
        {%- endif %}
    from household_evidence
),

field_weights as {{ firstparty.not_materialized() }} (
    select
        comparisons.record_key_a,
        comparisons.record_key_b,
        comparisons.blocking_rule,
        comparisons.blocking_rule_count,
        {%- for comparison in comparisons %}
            {%- set field = comparison.field %}
            comparisons.gamma_{{ field }},
            coalesce(fit_{{ field }}.level_name, 'no_data') as level_{{ field }},
            {%- set tf_levels = firstparty.identity_match_tf_levels(comparison) %}
            {%- set tf_cases = [] %}
            {%- for tf_level in tf_levels %}
                {%- do tf_cases.append(
                    'when ' ~ tf_level.gamma ~ ' then tf_' ~ field ~ '_' ~ tf_level.column ~ '.term_frequency'
                ) %}
            {%- endfor %}
            {%- set term_frequency = 'case comparisons.gamma_' ~ field ~ ' ' ~ tf_cases | join(' ') ~ ' end' %}
            case
                when comparisons.gamma_{{ field }} < 0 then 0.0
                {%- if tf_levels %}
                    when fit_{{ field }}.is_tf_adjusted and ({{ term_frequency }}) is not null
                        then
                            fit_{{ field }}.match_weight
                            + ln(fit_{{ field }}.u_probability / ({{ term_frequency }})) / {{ ln2 }}
                {%- endif %}
                else fit_{{ field }}.match_weight
            end as weight_{{ field }},
        {%- endfor %}
        ln(fitted_prior.match_prior / (1.0 - fitted_prior.match_prior)) / {{ ln2 }} as prior_weight,
        data_holds_households.holds_households as data_holds_households
    from comparisons
    cross join fitted_prior
    cross join data_holds_households
    {%- for comparison in comparisons %}
        {%- set field = comparison.field %}
        left join model_fit as fit_{{ field }}
            on
                fit_{{ field }}.field_name = '{{ field }}'
                and comparisons.gamma_{{ field }} = fit_{{ field }}.gamma
    {%- endfor %}
    inner join profiles as record_a
        on comparisons.record_key_a = record_a.record_key
    {%- for comparison in comparisons %}
        {%- set field = comparison.field %}
        {%- for column in firstparty.identity_match_tf_levels(comparison) | map(attribute='column') | unique %}
            {%- set tf_alias = 'tf_' ~ field ~ '_' ~ column %}
            left join term_frequencies as {{ tf_alias }}
                on
                    {{ tf_alias }}.column_name = '{{ column }}'
                    and cast(record_a.{{ column }} as {{ dbt.type_string() }}) = {{ tf_alias }}.column_value
        {%- endfor %}
    {%- endfor %}
),

{# Pairs of profile records sharing a linking identifier: the occurrences of profile records only (the
    records pairs are made of) joined on the identifier. Linking identifiers are never shared hubs, so an
    identifier sits on a few profile records and this stays near linear; joining every candidate pair to
    every occurrence instead multiplied the pairs by all records' identifiers. Occurrences name their
    record by number (doc identity_record_number), profiles by key: the records translate. #}
profile_linking_occurrences as (
    select
        records.record_key,
        occurrences.identifier_key
    from occurrences
    inner join identifiers
        on occurrences.identifier_key = identifiers.identifier_key
    inner join records
        on occurrences.record_number = records.record_number
    inner join profiles
        on records.record_key = profiles.record_key
    where identifiers.is_linking
),

pairs_sharing_an_identifier as (
    select distinct
        occurrences_a.record_key as record_key_a,
        occurrences_b.record_key as record_key_b
    from profile_linking_occurrences as occurrences_a
    inner join profile_linking_occurrences as occurrences_b
        on
            occurrences_a.identifier_key = occurrences_b.identifier_key
            and occurrences_a.record_key <> occurrences_b.record_key
),

scored_pairs as {{ firstparty.not_materialized() }} (
    select
        field_weights.*,
        field_weights.prior_weight
        {%- for comparison in comparisons %}
            + field_weights.weight_{{ comparison.field }}
        {%- endfor %} as match_weight,
        0
        {%- for comparison in comparisons %}
            + case
                {%- for level in comparison.levels if level.get('agreeing_fields', 1) != 1 %}
                    when field_weights.gamma_{{ comparison.field }} = {{ comparison.levels.index(level) + 1 }}
                        then {{ level.agreeing_fields }}
                {%- endfor %}
                when field_weights.gamma_{{ comparison.field }} > 0 then 1
                else 0
            end
        {%- endfor %} as agreeing_field_count,
        0.0
        {%- for comparison in comparisons if comparison.identifies_person %}
            + field_weights.weight_{{ comparison.field }}
        {%- endfor %} as person_match_weight,
        (
            {{ person_disagreements | join(' or ') or 'false' }}
        ) as disagrees_on_a_person_field,
        pairs_sharing_an_identifier.record_key_a is not null as shares_linking_identifier
    from field_weights
    left join pairs_sharing_an_identifier
        on
            field_weights.record_key_a = pairs_sharing_an_identifier.record_key_a
            and field_weights.record_key_b = pairs_sharing_an_identifier.record_key_b
),

judged_pairs as {{ firstparty.not_materialized() }} (
    select
        record_key_a,
        record_key_b,
        blocking_rule,
        blocking_rule_count,
        {%- for comparison in comparisons %}
            gamma_{{ comparison.field }},
            level_{{ comparison.field }},
            weight_{{ comparison.field }},
        {%- endfor %}
        prior_weight,
        match_weight,
        1.0 / (1.0 + power(2.0, -match_weight)) as match_probability,
        agreeing_field_count,
        person_match_weight,
        disagrees_on_a_person_field,
        shares_linking_identifier,
        data_holds_households,
        coalesce(
            1.0 / (1.0 + power(2.0, -match_weight)) >= {{ var('identity_match_threshold') }}
            and agreeing_field_count >= {{ var('identity_match_min_agreeing_fields') }}
            and ({{ non_name_agree_parts | join(' or ') or 'false' }})
            and (
                not data_holds_households
                or (
                    (
                        person_match_weight >= {{ min_person_weight }}
                        or ({{ person_field_missing }} and {{ person_fields_present_closest }})
                    )
                    and not disagrees_on_a_person_field
                )
            )
            and not shares_linking_identifier,
            false
        ) as meets_match_conditions,
        coalesce(
            {{ required_gamma_missing }}
            or (person_match_weight < {{ min_person_weight }} and {{ person_field_missing }}),
            false
        ) as needs_unambiguous_records
    from scored_pairs
),

{# The pairs meeting every other condition with a person field missing, narrow: judged_pairs stays inlined
    (a materialized copy of every candidate pair spilled 17-30 GB at 1M persons), and the filters on the
    gammas (a person field missing; a field that is not a name agreeing, which meets_match_conditions
    implies) reach the scan of the comparisons, so this second reading scores only those pairs. #}
pairs_lacking_a_person_field as (
    select
        {%- for comparison in person_fields %}
            judged_pairs.gamma_{{ comparison.field }},
            cast(record_a.{{ comparison.columns[0] }} as {{ dbt.type_string() }}) as {{ comparison.field }}_a,
            cast(record_b.{{ comparison.columns[0] }} as {{ dbt.type_string() }}) as {{ comparison.field }}_b,
        {%- endfor %}
        judged_pairs.record_key_a,
        judged_pairs.record_key_b
    from judged_pairs
    inner join profiles as record_a
        on judged_pairs.record_key_a = record_a.record_key
    inner join profiles as record_b
        on judged_pairs.record_key_b = record_b.record_key
    where
        {{ person_field_missing }}
        and ({{ non_name_agree_parts | join(' or ') or 'false' }})
        and judged_pairs.meets_match_conditions
),

{# ... one row per lacking record (one or both) and missing field, with the partner's value of it (null
    when the partner lacks it too). #}
lacking_person_field_pairs as (
    {%- for comparison in person_fields %}
        {%- set outer_loop = loop %}
        {%- for lacking, partner in [('a', 'b'), ('b', 'a')] %}
            select
                record_key_a,
                record_key_b,
                record_key_{{ lacking }} as lacking_record_key,
                '{{ comparison.field }}' as field_name,
                {{ comparison.field }}_{{ partner }} as partner_value
            from pairs_lacking_a_person_field
            where
                gamma_{{ comparison.field }} < 0
                and {{ comparison.field }}_{{ lacking }} is null
            {% if not (outer_loop.last and loop.last) %}union all{% endif %}
        {%- endfor %}
    {%- endfor %}
),

{# ... a pair that must show them unambiguous matches only when each lacking record's candidates meeting
    every other condition carry at most one value of each field it lacks (a contact with no given name at
    the address of twins matches neither; two contacts lacking it, with no other candidate, show no sign
    of two persons). #}
unambiguous_lacking_records as (
    select
        lacking_record_key,
        field_name
    from lacking_person_field_pairs
    group by lacking_record_key, field_name
    having count(distinct partner_value) <= 1
),

unambiguous_lacking_pairs as (
    select
        lacking_person_field_pairs.record_key_a,
        lacking_person_field_pairs.record_key_b
    from lacking_person_field_pairs
    left join unambiguous_lacking_records
        on
            lacking_person_field_pairs.lacking_record_key = unambiguous_lacking_records.lacking_record_key
            and lacking_person_field_pairs.field_name = unambiguous_lacking_records.field_name
    group by
        lacking_person_field_pairs.record_key_a,
        lacking_person_field_pairs.record_key_b
    having count(*) = count(unambiguous_lacking_records.lacking_record_key)
),

decided_pairs as (
    select
        judged_pairs.*,
        judged_pairs.meets_match_conditions
        and (
            not judged_pairs.data_holds_households
            or not judged_pairs.needs_unambiguous_records
            or unambiguous_lacking_pairs.record_key_a is not null
        ) as is_match
    from judged_pairs
    left join unambiguous_lacking_pairs
        on
            judged_pairs.record_key_a = unambiguous_lacking_pairs.record_key_a
            and judged_pairs.record_key_b = unambiguous_lacking_pairs.record_key_b
),

explained_pairs as (
    select
        *,
        case when is_match then {{ dbt.concat(evidence_parts) }} end as match_evidence
    from decided_pairs
)

select * from explained_pairs
