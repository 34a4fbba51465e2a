{#- The comparison levels of macro identity_match_comparisons as a table: one row per field and
    level, gamma 0 the else level; what the fit and the explanations read. -#}
with

levels as (
    {%- for comparison in firstparty.identity_match_comparisons() %}
    {%- set field_order = loop.index %}
    select
        '{{ comparison.field }}' as field_name,
        {{ field_order }} as field_order,
        0 as gamma,
        'else' as level_name,
        false as is_tf_adjusted,
        {{ 'true' if comparison.identifies_person else 'false' }} as identifies_person
    {%- for level in comparison.levels %}
    union all
    select
        '{{ comparison.field }}' as field_name,
        {{ field_order }} as field_order,
        {{ loop.index }} as gamma,
        '{{ level.name }}' as level_name,
        {{ 'true' if level.tf and comparison.tf_column else 'false' }} as is_tf_adjusted,
        {{ 'true' if comparison.identifies_person else 'false' }} as identifies_person
    {%- endfor %}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select * from levels
