{# A base_ model's final select: every classified raw row once, with erasure and retention applied (erased and expired rows as status-only stubs). #}
{#
    Reads the CTE `relation` (the model's classified rows) and flags each row erased (any identifier in
    the erasure ledger: macro is_erased) and expired (past its retention window: macro is_expired). An
    erased or expired row is stored as a stub: every column null but row_status, which says why
    ('erased' or 'expired'; an exact copy of another row keeps its values and says 'duplicate'). A
    privacy request is never a stub for erasure: its subject's identifiers are blanked and column
    is_subject_erased is true. So the table accounts for every raw row, and nothing of an erased person
    or past its window is written. Precedence of row_status: erased, expired, then the row's own
    classification (duplicate, staged, quarantined, superseded).

    Dispatched. On DuckDB every column is written with one COLUMNS(* EXCLUDE ...) expression, so the
    stub needs no column list (row_status comes last). default__ lists the columns the model's yml
    documents (every built column is documented: tests_py/test_project_contract.py), read from the
    graph, which dbt does not give unit tests: on other engines the base_ unit tests need that list.
#}
{% macro governed_rows(source_name, relation) -%}
    {{ return(adapter.dispatch('governed_rows', 'firstparty')(source_name, relation)) }}
{%- endmacro %}

{#- The row's flags: is_erased (for a privacy request: its subject is erased, so its identifiers are
    blanked) and is_expired. -#}
{% macro governed_rows_flagged(source_name, relation) -%}
    select
        {{ relation }}.*,
        {{ firstparty.is_erased(source_name, relation) }} as is_erased,
        {{ firstparty.is_expired(source_name, relation) }} as is_expired
    from {{ relation }}
    {{ firstparty.subquery_fence() }}
{%- endmacro %}

{#- Ends a subquery the planner must compute once rather than merge into the query around it. Postgres merges
    a plain subquery into its parent, so the erasure check (a keyed hash per identifier and key slot) was
    computed again for each of the 10 to 26 columns that read is_erased: base_web__events took 60 s instead of
    15. `offset 0` is Postgres' documented way to keep a subquery apart; elsewhere nothing is needed. -#}
{% macro subquery_fence() -%}
    {{ return(adapter.dispatch('subquery_fence', 'firstparty')()) }}
{%- endmacro %}

{% macro default__subquery_fence() -%}
{%- endmacro %}

{% macro postgres__subquery_fence() -%}
    offset 0
{%- endmacro %}

{% macro governed_rows_status(source_name) -%}
    case
        {%- if source_name != 'privacy_requests' %}
        when flagged_rows.is_erased then 'erased'
        {%- endif %}
        when flagged_rows.is_expired then 'expired'
        else flagged_rows.row_status
    end
{%- endmacro %}

{% macro duckdb__governed_rows(source_name, relation) -%}
    {%- set identifier_columns = firstparty.erasure_identifiers()[source_name] | map(attribute='column') | list -%}
    {#- A privacy request is the record that a request was honoured: never a stub, its subject's
        identifiers are blanked instead and is_subject_erased says so. -#}
    select
    {%- if source_name == 'privacy_requests' %}
        case
            when not flagged_rows.is_expired
                then columns(* exclude ({{ identifier_columns | join(', ') }}, row_status, is_erased, is_expired))
        end,
        {%- for column in identifier_columns %}
        case
            when not flagged_rows.is_erased and not flagged_rows.is_expired then flagged_rows.{{ column }}
        end as {{ column }},
        {%- endfor %}
        flagged_rows.is_erased as is_subject_erased,
    {%- else %}
        case
            when not flagged_rows.is_erased and not flagged_rows.is_expired
                then columns(* exclude (row_status, is_erased, is_expired))
        end,
    {%- endif %}
        {{ firstparty.governed_rows_status(source_name) }} as row_status
    from ({{ firstparty.governed_rows_flagged(source_name, relation) }}) as flagged_rows
{%- endmacro %}

{% macro default__governed_rows(source_name, relation) -%}
    {%- set export = (firstparty.staged_exports() | selectattr('source', 'equalto', source_name.split('_', 1)[0])
        | selectattr('table', 'equalto', source_name.split('_', 1)[1]) | list) -%}
    {%- set model_name = 'base_' ~ export[0].source ~ '__' ~ export[0].entity -%}
    {%- set node = graph.get('nodes', {}).get('model.firstparty.' ~ model_name) if execute else none -%}
    {#- Unit tests get no graph: the same list, generated from the yml (macro base_model_columns). -#}
    {%- set columns = node.columns.keys() | list if node is not none
        else firstparty.base_model_columns().get(model_name, []) -%}
    {%- if execute and columns | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "governed_rows: no documented columns of " ~ model_name ~ " in the graph or in macro base_model_columns") }}
    {%- endif -%}
    {%- set identifier_columns = firstparty.erasure_identifiers()[source_name] | map(attribute='column') | list -%}
    {%- set blanks_identifiers = source_name == 'privacy_requests' -%}
    select
    {%- for column in columns %}
        {%- if column == 'row_status' %}
        {{ firstparty.governed_rows_status(source_name) }} as row_status
        {%- elif blanks_identifiers and column == 'is_subject_erased' %}
        flagged_rows.is_erased as is_subject_erased
        {%- elif blanks_identifiers and column not in identifier_columns %}
        case when not flagged_rows.is_expired then flagged_rows.{{ column }} end as {{ column }}
        {%- else %}
        case
            when not flagged_rows.is_erased and not flagged_rows.is_expired then flagged_rows.{{ column }}
        end as {{ column }}
        {%- endif %}{% if not loop.last %},{% endif %}
    {%- endfor %}
    {%- if columns | length == 0 %}
        flagged_rows.*
    {%- endif %}
    from ({{ firstparty.governed_rows_flagged(source_name, relation) }}) as flagged_rows
{%- endmacro %}
