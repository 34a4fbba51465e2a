{#- The comparison of probabilistic matching, declared once: per field, its levels from the closest
    agreement down. Each level is a SQL condition on the two records of a pair, aliased record_a and
    record_b (columns of int_identity__match_profiles); the first true condition gives the pair's
    level (gamma 1, 2, ...), none true gives the else level (gamma 0), and `null_when` true gives -1
    (the field says nothing about the pair). `tf_column` names the column whose term frequency adjusts
    the levels marked `tf` (a level may name its own): agreeing on a common value is weaker evidence
    than agreeing on a rare one.
    `columns` lists the profile columns the field reads: a blocking rule on any of them masks the
    field in the EM (int_identity__match_patterns). `identifies_person` marks the fields that tell
    apart people sharing a family name and an address (a household): their m is learned first, and a
    match needs them to add identity_match_min_person_weight and, when the data holds households, none
    of them at its else level. `shared_by_household` marks the fields household members share (family
    name, address), and `household_shared` the levels at which they share them (the family name, the
    same home: street with postcode or city, not a postcode or a town alone):
    int_identity__match_scores counts the pairs agreeing at those levels to tell whether the data holds
    households. `is_name` marks the names: a name alone never makes a match (two persons
    of one name are common), at least one agreeing field must be something else (birth date, address).
    When the data holds households, a match needs a `required` field on both records: the given
    name, what tells twins apart. A nickname
    and its formal name (seed ref_given_name_variants: 'bill' and 'william', 'bill' and 'will') are a
    level of their own. Names
    typed in each other's place are one piece of evidence: the given name's swapped levels (counted
    as two agreeing fields, `agreeing_fields`; swapped and similar at Jaro-Winkler 0.92, or swapped
    and mistyped at 0.80 with neither name like the one in its own place), the family name then
    saying nothing; so too one name crossed, the other changed (counted as one agreeing field). Where
    the data holds households, one name crossed is what a household member's record with its names
    swapped shows against another member's (the family name in common, the given names differing):
    `household_disagreement` makes it a person field's disagreement there, as the else level is.
    Address is one field: street, postcode and city are one piece of evidence about a place, never
    three independent ones. The city level (the same city, street and postcode not) weighs the city's
    own term frequency: a city of millions says less than a town. Its last level, a similar street
    with neither postcode nor city the same, is the street typed right and both of the others
    mistyped (or a namesake street elsewhere: the EM weighs which). -#}
{% macro identity_match_comparisons() -%}
    {%- set similarity = firstparty.identity_match_similarity -%}
    {%- set given_jw = similarity('given_names') -%}
    {%- set family_jw = similarity('family_names') -%}
    {%- set given_to_family = similarity('given_to_family') -%}
    {%- set family_to_given = similarity('family_to_given') -%}
    {%- set swapped_similar = given_to_family ~ ' >= 0.92 and ' ~ family_to_given ~ ' >= 0.92' -%}
    {#- Swapped and mistyped: each name like the other record's other name (Jaro-Winkler >= 0.80), neither
        like the name in its own place. -#}
    {%- set swapped_mistyped = given_to_family ~ ' >= 0.80 and ' ~ family_to_given ~ ' >= 0.80 and '
        ~ given_jw ~ ' < 0.80 and ' ~ family_jw ~ ' < 0.80' -%}
    {#- One name in the other's place, the other changed: a name like the other record's other name
        (Jaro-Winkler >= 0.92), neither name like the one in its own place, not a nickname ('howie
        james' and 'james coleman': typed crosswise, then one of them replaced or misheard). -#}
    {%- set one_name_crossed = '(' ~ given_to_family ~ ' >= 0.92 or ' ~ family_to_given ~ ' >= 0.92) and '
        ~ given_jw ~ ' < 0.80 and ' ~ family_jw ~ ' < 0.80' -%}
    {%- set nickname = '(' ~ dbt.position(dbt.concat(["'|'", 'record_a.given_name_formal', "'|'"]), 'record_b.given_name_forms')
        ~ ' > 0 or ' ~ dbt.position(dbt.concat(["'|'", 'record_b.given_name_formal', "'|'"]), 'record_a.given_name_forms')
        ~ ' > 0)' -%}
    {%- set one_digit_off -%}
        (case when substring(record_a.birth_date_text, 1, 1) = substring(record_b.birth_date_text, 1, 1) then 0 else 1 end
        {%- for position in [2, 3, 4, 6, 7, 9, 10] %}
        + case when substring(record_a.birth_date_text, {{ position }}, 1) = substring(record_b.birth_date_text, {{ position }}, 1) then 0 else 1 end
        {%- endfor %}) = 1
    {%- endset -%}
    {{ return([
        {
            'field': 'given_name',
            'columns': ['given_name', 'given_name_forms', 'given_name_formal', 'given_initial', 'name_set'],
            'tf_column': 'given_name',
            'is_name': true,
            'identifies_person': true,
            'required': true,
            'null_when': 'record_a.given_name is null or record_b.given_name is null',
            'levels': [
                {'name': 'exact', 'condition': 'record_a.given_name = record_b.given_name', 'tf': true},
                {'name': 'swapped_with_family_name', 'condition': swapped_similar, 'tf': false, 'agreeing_fields': 2},
                {'name': 'nickname', 'condition': nickname, 'tf': false},
                {'name': 'jaro_winkler_0.92', 'condition': given_jw ~ ' >= 0.92', 'tf': false},
                {'name': 'jaro_winkler_0.80', 'condition': given_jw ~ ' >= 0.80', 'tf': false},
                {
                    'name': 'swapped_with_family_name_mistyped',
                    'condition': swapped_mistyped,
                    'tf': false,
                    'agreeing_fields': 2,
                },
                {
                    'name': 'one_name_crossed',
                    'condition': one_name_crossed,
                    'tf': false,
                    'household_disagreement': true,
                },
            ],
        },
        {
            'field': 'family_name',
            'columns': ['family_name', 'family_initial', 'family_prefix', 'name_set'],
            'tf_column': 'family_name',
            'is_name': true,
            'identifies_person': false,
            'shared_by_household': true,
            'null_when': 'record_a.family_name is null or record_b.family_name is null or ('
                ~ swapped_similar ~ ' and record_a.family_name <> record_b.family_name) or (' ~ swapped_mistyped ~ ') or ('
                ~ one_name_crossed ~ ' and not coalesce(' ~ nickname ~ ', false))',
            'levels': [
                {
                    'name': 'exact',
                    'condition': 'record_a.family_name = record_b.family_name',
                    'tf': true,
                    'household_shared': true,
                },
                {
                    'name': 'jaro_winkler_0.92',
                    'condition': family_jw ~ ' >= 0.92',
                    'tf': false,
                    'household_shared': true,
                },
                {
                    'name': 'jaro_winkler_0.80',
                    'condition': family_jw ~ ' >= 0.80',
                    'tf': false,
                    'household_shared': true,
                },
            ],
        },
        {
            'field': 'birth_date',
            'columns': ['birth_date', 'birth_date_text', 'birth_year'],
            'tf_column': none,
            'identifies_person': true,
            'null_when': 'record_a.birth_date is null or record_b.birth_date is null',
            'levels': [
                {'name': 'exact', 'condition': 'record_a.birth_date = record_b.birth_date', 'tf': false},
                {
                    'name': 'day_month_swapped',
                    'condition': 'record_a.birth_year = record_b.birth_year'
                        ~ ' and substring(record_a.birth_date_text, 6, 2) = substring(record_b.birth_date_text, 9, 2)'
                        ~ ' and substring(record_a.birth_date_text, 9, 2) = substring(record_b.birth_date_text, 6, 2)',
                    'tf': false,
                },
                {
                    'name': 'year_one_apart',
                    'condition': 'substring(record_a.birth_date_text, 6, 5) = substring(record_b.birth_date_text, 6, 5)'
                        ~ ' and abs(cast(record_a.birth_year as ' ~ dbt.type_int() ~ ') - cast(record_b.birth_year as '
                        ~ dbt.type_int() ~ ')) = 1',
                    'tf': false,
                },
                {'name': 'one_digit_off', 'condition': one_digit_off, 'tf': false},
                {'name': 'same_year', 'condition': 'record_a.birth_year = record_b.birth_year', 'tf': false},
            ],
        },
        {
            'field': 'address',
            'columns': ['street', 'postcode', 'city'],
            'tf_column': 'postcode',
            'identifies_person': false,
            'shared_by_household': true,
            'null_when': '(record_a.street is null or record_b.street is null)'
                ~ ' and (record_a.postcode is null or record_b.postcode is null)'
                ~ ' and (record_a.city is null or record_b.city is null)',
            'levels': [
                {
                    'name': 'street_and_postcode',
                    'condition': 'record_a.street = record_b.street and record_a.postcode = record_b.postcode',
                    'tf': false,
                    'household_shared': true,
                },
                {
                    'name': 'similar_street_same_postcode_or_city',
                    'condition': similarity('streets') ~ ' >= 0.88'
                        ~ ' and (record_a.postcode = record_b.postcode or record_a.city = record_b.city)',
                    'tf': false,
                    'household_shared': true,
                },
                {'name': 'postcode', 'condition': 'record_a.postcode = record_b.postcode', 'tf': true},
                {'name': 'city', 'condition': 'record_a.city = record_b.city', 'tf': true, 'tf_column': 'city'},
                {
                    'name': 'similar_street',
                    'condition': similarity('streets') ~ ' >= 0.88',
                    'tf': false,
                },
            ],
        },
    ]) }}
{%- endmacro %}

{#- The string similarities the levels read, by name: Jaro-Winkler (macro identity_jaro_winkler) of the
    given names, the family names, each name against the other record's other name, the streets. -#}
{% macro identity_match_similarities() -%}
    {%- set jw = firstparty.identity_jaro_winkler -%}
    {{ return({
        'given_names': jw('record_a.given_name', 'record_b.given_name'),
        'family_names': jw('record_a.family_name', 'record_b.family_name'),
        'given_to_family': jw('record_a.given_name', 'record_b.family_name'),
        'family_to_given': jw('record_a.family_name', 'record_b.given_name'),
        'streets': jw('record_a.street', 'record_b.street'),
    }) }}
{%- endmacro %}

{#- One similarity of identity_match_similarities as a level's condition reads it: a column of the pair's
    similarity row (macro identity_match_similarity_row), computed once per pair. The names' levels read
    the same four similarities up to three times each (the family name's no-data condition alone reads
    them all for every pair); alone on make bench's 100k persons (3.36M pairs) the comparisons took 4.1-4.2 s
    with each condition computing its own, 3.2-3.3 s with the row (3.6 s before one name crossed). -#}
{% macro identity_match_similarity(name) -%}
    {{ return(adapter.dispatch('identity_match_similarity', 'firstparty')(name)) }}
{%- endmacro %}

{% macro default__identity_match_similarity(name) -%}
    {{ return('pair_similarity.' ~ name) }}
{%- endmacro %}

{#- Spark: the expression itself, in parentheses, as before the row: Spark has lateral subqueries since
    3.2, but the Spark build (make test-spark, not part of CI) has not been run with one over its Python
    Jaro-Winkler UDF. -#}
{% macro spark__identity_match_similarity(name) -%}
    {{ return('(' ~ firstparty.identity_match_similarities()[name] ~ ')') }}
{%- endmacro %}

{#- The join that gives a pair of profiles aliased record_a and record_b its similarity row,
    pair_similarity: after the two profiles' joins of the models calling identity_match_gamma_columns. -#}
{% macro identity_match_similarity_row() -%}
    {{ return(adapter.dispatch('identity_match_similarity_row', 'firstparty')()) }}
{%- endmacro %}

{% macro default__identity_match_similarity_row() -%}
    {%- set columns = [] -%}
    {%- for name, expression in firstparty.identity_match_similarities().items() -%}
        {%- do columns.append(expression ~ ' as ' ~ name) -%}
    {%- endfor -%}
    cross join lateral (select {{ columns | join(', ') }}) as pair_similarity
{%- endmacro %}

{% macro spark__identity_match_similarity_row() -%}
{%- endmacro %}

{#- The gammas (1-based level numbers) of one comparison's levels that carry `flag` (household_shared,
    household_disagreement). -#}
{% macro identity_match_flagged_gammas(comparison, flag) -%}
    {%- set gammas = [] -%}
    {%- for level in comparison.levels if level.get(flag) -%}
        {%- do gammas.append(comparison.levels.index(level) + 1) -%}
    {%- endfor -%}
    {{ return(gammas) }}
{%- endmacro %}

{#- The levels of one comparison a term frequency adjusts: [{gamma, column}], a level's own tf_column
    before the field's. -#}
{% macro identity_match_tf_levels(comparison) -%}
    {%- set tf_levels = [] -%}
    {%- for level in comparison.levels -%}
        {%- set column = level.get('tf_column') or comparison.tf_column -%}
        {%- if level.tf and column -%}
            {%- do tf_levels.append({'gamma': loop.index, 'column': column}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(tf_levels) }}
{%- endmacro %}

{#- One gamma column per field of identity_match_comparisons, on a join of two profiles aliased
    record_a and record_b: -1 no data, 0 else, 1.. the first level whose condition holds. -#}
{% macro identity_match_gamma_columns() -%}
    {%- for comparison in firstparty.identity_match_comparisons() %}
        case
            when {{ comparison.null_when }} then -1
            {%- for level in comparison.levels %}
            when {{ level.condition }} then {{ loop.index }}
            {%- endfor %}
            else 0
        end as gamma_{{ comparison.field }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
