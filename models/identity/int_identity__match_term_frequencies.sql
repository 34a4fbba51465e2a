{#- Term frequencies for probabilistic matching: per column named as a tf_column in macro
    identity_match_comparisons (a field's or a level's: macro identity_match_tf_levels), the share of
    profile records (holding the column) that hold each value. Agreeing on a value held by a share tf
    of the records is weighted log2(m / tf) instead of log2(m / u): common names, postcodes and cities
    count for less, rare ones for more. -#}
{%- set tf_columns = [] -%}
{%- for comparison in firstparty.identity_match_comparisons() -%}
    {%- for tf_level in firstparty.identity_match_tf_levels(comparison) -%}
        {%- if tf_level.column not in tf_columns -%}
            {%- do tf_columns.append(tf_level.column) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endfor -%}
{%- set value_count_selects = [] -%}
{%- for column in tf_columns -%}
    {%- do value_count_selects.append(
        "select '" ~ column ~ "' as column_name, cast(" ~ column ~ " as " ~ dbt.type_string()
        ~ ") as column_value, count(*) as record_count from profiles where " ~ column
        ~ " is not null group by " ~ column
    ) -%}
{%- endfor -%}

with

profiles as (
    select * from {{ ref('int_identity__match_profiles') }}
),

value_counts as (
    {{ value_count_selects | join('\n    union all\n    ') }}
),

frequencies as (
    select
        column_name,
        column_value,
        record_count,
        cast(record_count as {{ dbt.type_float() }})
        / sum(record_count) over (partition by column_name) as term_frequency
    from value_counts
)

select * from frequencies
