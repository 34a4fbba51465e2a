{# Incremental strategy `replace_all`: the new rows replace every old row, for models that read their previous state from {{ this }}. #}
{% macro get_incremental_replace_all_sql(arg_dict) -%}
    {%- set dest_columns_csv = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ arg_dict['target_relation'] }};
    insert into {{ arg_dict['target_relation'] }} ({{ dest_columns_csv }})
    select {{ dest_columns_csv }}
    from {{ arg_dict['temp_relation'] }}
{%- endmacro %}
