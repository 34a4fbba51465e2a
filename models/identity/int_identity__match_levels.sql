{#- The comparison levels of macro identity_match_comparisons as a table: one row per field and
    level, gamma 0 the else level; what the fit and the explanations read. -#}
{%- set level_rows = [] -%}
{%- for comparison in firstparty.identity_match_comparisons() -%}
    {%- set field_order = loop.index -%}
    {%- set person = 'true' if comparison.identifies_person else 'false' -%}
    {%- do level_rows.append(
        "select '" ~ comparison.field ~ "' as field_name, " ~ field_order ~ " as field_order, 0 as gamma, "
        ~ "'else' as level_name, false as is_tf_adjusted, " ~ person ~ " as identifies_person"
    ) -%}
    {%- set tf_gammas = firstparty.identity_match_tf_levels(comparison) | map(attribute='gamma') | list -%}
    {%- for level in comparison.levels -%}
        {%- set tf = 'true' if loop.index in tf_gammas else 'false' -%}
        {%- do level_rows.append(
            "select '" ~ comparison.field ~ "', " ~ field_order ~ ", " ~ loop.index
            ~ ", '" ~ level.name ~ "', " ~ tf ~ ", " ~ person
        ) -%}
    {%- endfor -%}
{%- endfor -%}

with

levels as (
    {{ level_rows | join('\n    union all\n    ') }}
)

select * from levels
