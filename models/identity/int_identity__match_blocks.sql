{#- Blocking for probabilistic matching: every rule of var identity_match_blocking_rules (a list of
    {name, columns}) puts a profile record holding all of the rule's columns into the block of their
    values; only records sharing a block are compared, so compared pairs grow with the records, not
    their square. One row per (rule, block, record). A block holding more records than
    identity_match_max_block_records is not compared (is_compared false) and is reported in
    identity_issues; the other rules still compare its records. -#}
{%- set rule_selects = [] -%}
{%- for rule in var('identity_match_blocking_rules') -%}
    {%- set key_parts = ["'" ~ rule.name ~ "'"] -%}
    {%- for column in rule.columns -%}
        {%- do key_parts.extend(["'|'", 'cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')']) -%}
    {%- endfor -%}
    {%- do rule_selects.append(
        "select '" ~ rule.name ~ "' as blocking_rule, " ~ loop.index ~ ' as blocking_rule_order, '
        ~ dbt.hash(dbt.concat(key_parts)) ~ ' as block_key, profile_number, record_key from profiles where '
        ~ rule.columns | join(' is not null and ') ~ ' is not null'
    ) -%}
{%- endfor -%}

with

profiles as (
    select * from {{ ref('int_identity__match_profiles') }}
),

blocked_records as (
    {{ rule_selects | join('\n    union all\n    ') }}
),

block_sizes as (
    select
        block_key,
        count(*) as block_record_count
    from blocked_records
    group by block_key
),

checked_records as (
    select
        blocked_records.blocking_rule,
        blocked_records.blocking_rule_order,
        blocked_records.block_key,
        blocked_records.profile_number,
        blocked_records.record_key,
        block_sizes.block_record_count,
        block_sizes.block_record_count <= {{ var('identity_match_max_block_records') }} as is_compared
    from blocked_records
    inner join block_sizes
        on blocked_records.block_key = block_sizes.block_key
)

select * from checked_records
