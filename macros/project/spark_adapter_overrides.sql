{# Spark: root-project overrides of dbt-spark macros (seed loading, dateadd) where dbt-spark's own do not fit this project. #}
{#
    dbt-spark's seed macros write column_types into SQL as given. The seed yml says varchar, which DuckDB and
    Postgres take as an unbounded string and Spark refuses without a length; these root-project overrides of
    dbt-spark's spark__create_csv_table and spark__load_csv_rows are dbt-spark's own, with each type passed
    through firstparty.spark_column_type first.
#}
{% macro spark_column_type(data_type) -%}
    {%- set normalized = (data_type | string | trim | lower) -%}
    {%- if normalized in ('varchar', 'text', 'character varying') -%}
        {{ return('string') }}
    {%- elif normalized in ('double precision', 'float') -%}
        {{ return('double') }}
    {%- endif -%}
    {{ return(data_type) }}
{%- endmacro %}

{% macro spark__create_csv_table(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set quote_seed_column = model['config'].get('quote_columns', None) -%}

    {% set sql %}
    create table {{ this.render() }} (
        {%- for col_name in agate_table.column_names -%}
            {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
            {%- set type = firstparty.spark_column_type(column_override.get(col_name, inferred_type)) -%}
            {%- set column_name = (col_name | string) -%}
            {{ adapter.quote_seed_column(column_name, quote_seed_column) }} {{ type }} {%- if not loop.last -%}, {%- endif -%}
        {%- endfor -%}
    )
    {{ file_format_clause() }}
    {{ partition_cols(label="partitioned by") }}
    {{ clustered_cols(label="clustered by") }}
    {{ location_clause() }}
    {{ comment_clause() }}
    {% endset %}

    {% call statement('_') -%}
        {{ sql }}
    {%- endcall %}

    {{ return(sql) }}
{% endmacro %}

{#- Rows: Spark reads the seed's CSV file itself (a temporary view over it) and inserts it cast to the
    table's types, instead of dbt-spark's `insert ... values` with bindings, which the session method
    substitutes without quoting (a name like O'Neill breaks the statement) and which Spark parses slowly
    (web_events, 26,728 rows: 143 s). -#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set view_name = 'firstparty_seed_file__' ~ this.identifier -%}
    {%- set path = model['root_path'] ~ '/' ~ model['original_file_path'] -%}
    {%- set view_sql -%}
        create or replace temporary view {{ view_name }}
        using csv
        options (path '{{ path | replace("'", "\\'") }}', header 'true', multiLine 'true', escape '"', mode 'FAILFAST')
    {%- endset -%}
    {%- do run_query(view_sql) -%}
    {%- set sql -%}
        insert into {{ this.render() }}
        select
        {%- for col_name in agate_table.column_names %}
            {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
            {%- set type = firstparty.spark_column_type(column_override.get(col_name, inferred_type)) %}
            cast(`{{ col_name }}` as {{ type }}){%- if not loop.last %},{%- endif %}
        {%- endfor %}
        from {{ view_name }}
    {%- endset -%}
    {%- do run_query(sql) -%}
    {%- do run_query('drop view if exists ' ~ view_name) -%}
    {{ return(sql) }}
{% endmacro %}

{#- dateadd: dbt-spark's spark__dateadd goes through dates and unix seconds and asserts its argument is not null,
    so a null timestamp (a consent never decided) fails the whole query and sub-second parts are lost;
    Spark's timestampadd keeps the timestamp and gives null for null, as dateadd does on DuckDB and Postgres. -#}
{% macro spark__dateadd(datepart, interval, from_date_or_timestamp) -%}
    {%- if datepart not in ('year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second', 'millisecond', 'microsecond') -%}
        {{ exceptions.raise_compiler_error("dateadd: datepart '" ~ datepart ~ "' is not supported on Spark") }}
    {%- endif -%}
    timestampadd({{ datepart | upper }}, cast({{ interval }} as bigint), {{ from_date_or_timestamp }})
{%- endmacro %}

{#- Contracts: dbt checks an enforced contract by casting null to each yml data_type; the ymls say varchar
    (DuckDB and Postgres), which Spark refuses without a length: the same query with spark_column_type. -#}
{% macro spark__get_empty_schema_sql(columns) -%}
    {%- set spark_columns = {} -%}
    {%- for name in columns -%}
        {%- set column = columns[name] -%}
        {%- if column.get('data_type') is not none -%}
            {%- set column = dict(column) -%}
            {%- do column.update({'data_type': firstparty.spark_column_type(column['data_type'])}) -%}
        {%- endif -%}
        {%- do spark_columns.update({name: column}) -%}
    {%- endfor -%}
    {{ return(default__get_empty_schema_sql(spark_columns)) }}
{%- endmacro %}

{#- Incremental strategy replace_all (macros/identity/get_incremental_replace_all_sql.sql) on Spark: dbt-spark
    accepts only its own strategies, and Spark's replacement of a whole unpartitioned table is
    insert_overwrite. These two are root-project overrides of dbt-spark's macros of the same names: the
    validation maps replace_all to insert_overwrite, and insert_overwrite first writes the new rows to a
    Parquet table, because replace_all models read their previous state from {{ this }} and Spark refuses
    to overwrite a table the same query reads (dbt-spark's source is a temporary view over the model SQL). -#}
{% macro dbt_spark_validate_get_incremental_strategy(raw_strategy, file_format) %}
    {%- set strategy = 'insert_overwrite' if raw_strategy == 'replace_all' else raw_strategy -%}
    {%- if strategy not in ['append', 'merge', 'insert_overwrite', 'microbatch'] -%}
        {%- do exceptions.raise_compiler_error(
            'Invalid incremental strategy provided: ' ~ raw_strategy
            ~ "; expected one of 'append', 'merge', 'insert_overwrite', 'microbatch', 'replace_all'") -%}
    {%- endif -%}
    {%- if strategy == 'merge' and file_format not in ['delta', 'iceberg', 'hudi'] -%}
        {%- do exceptions.raise_compiler_error(
            'Invalid incremental strategy provided: merge needs file_format delta, iceberg or hudi') -%}
    {%- endif -%}
    {%- do return(strategy) -%}
{% endmacro %}

{% macro get_insert_overwrite_sql(source_relation, target_relation, existing_relation) %}
    {%- set dest_columns = adapter.get_columns_in_relation(target_relation) -%}
    {%- set dest_cols_csv = dest_columns | map(attribute='quoted') | join(', ') -%}
    {%- set staged = target_relation.incorporate(path={'identifier': target_relation.identifier ~ '__dbt_replace'}) -%}
    {%- do run_query('drop table if exists ' ~ staged) -%}
    {%- do run_query('create table ' ~ staged ~ ' using parquet as select ' ~ dest_cols_csv ~ ' from ' ~ source_relation) -%}
    insert overwrite table {{ target_relation }}
    {{ partition_cols(label="partition") }}
    select {{ dest_cols_csv }} from {{ staged }}
{% endmacro %}

{#- Constraints: dbt-spark adds a contract's constraints with ALTER TABLE when file_format is delta, and takes
    an unset file_format for delta; Parquet tables (this project on Spark, no Delta Lake offline) cannot hold
    them, so they are added only when file_format is set to delta. The not_null data tests still check. -#}
{% macro spark__persist_constraints(relation, model) %}
    {%- set contract_config = config.get('contract') -%}
    {%- if contract_config.enforced and config.get('file_format') == 'delta' -%}
        {%- do alter_table_add_constraints(relation, model.constraints) -%}
        {%- do alter_column_set_constraints(relation, model.columns) -%}
    {%- endif -%}
{% endmacro %}

{#- dbt.listagg with an order: dbt-spark's own ignores order_by_clause (collect_list, in no set order), so
    dim_customers.channels_present came out in any order. This root-project override of dbt-spark's
    spark__listagg sorts: a measure ordered by itself ([distinct] column, order by column: both uses in the
    project) is array_sort of collect_set / collect_list; any other order is Spark 4's listagg ... within
    group (order by), which Spark 4.3 fails to plan beside a count(distinct) (ClassCastException in ListAgg);
    with limit_num, dbt-spark's own. -#}
{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {%- if limit_num -%}
        {{ return(dbt_spark.spark__listagg(measure, delimiter_text, order_by_clause, limit_num)) }}
    {%- endif -%}
    {%- set is_distinct = (measure | trim | lower).startswith('distinct ') -%}
    {%- set column = (measure | trim)[9:] | trim if is_distinct else measure | trim -%}
    {%- set order = (order_by_clause or '') | trim -%}
    {%- if order | lower == ('order by ' ~ column) | lower -%}
        array_join(array_sort({{ 'collect_set' if is_distinct else 'collect_list' }}({{ column }})), {{ delimiter_text }})
    {%- else -%}
        listagg({{ measure }}, {{ delimiter_text }}){% if order %} within group ({{ order }}){% endif %}
    {%- endif -%}
{%- endmacro %}

{#- dbt.generate_series: dbt's default cross-joins log2(n) two-row unions, which Spark plans as 2^k tasks
    (65536 for the 16-bit time spine of metricflow_time_spine, over 10 minutes); Spark's range() makes the same
    numbers 1 to upper_bound in one task. Root-project override (dbt-spark has no spark__ of its own). -#}
{% macro spark__generate_series(upper_bound) -%}
    select cast(id as int) as generated_number from range(1, {{ upper_bound }} + 1, 1, 1)
{%- endmacro %}

{#- dbt.type_float() on Spark: double. Spark's float is 4 bytes, and Spark promotes float arithmetic to double
    where DuckDB keeps it in float: a 4-byte u-probability over an 8-byte term frequency gave match weights
    like 2.99999996775 for 3 (int_identity__match_scores' unit test). The yml contracts' float becomes double
    too (spark_column_type). Root-project override of dbt's type_float for the spark adapter. -#}
{% macro spark__type_float() -%}
    double
{%- endmacro %}
