{{
    config(
        materialized='incremental',
        incremental_strategy='replace_all',
        full_refresh=false,
        on_schema_change='fail',
        post_hook="{{ firstparty.append_customer_id_ledger_entries() }}",
    )
}}

{#- customer_id of every mapped, not held record, stable across runs. This model reads its own previous
    state ({{ this }}) and replaces it each run (strategy replace_all); `full_refresh: false` keeps the
    state through `dbt build --full-refresh`.
    - A cluster none of whose records had an id gets hash('customer:' || its earliest-seen record key),
      so a fresh build always gives the same ids and new records that touch no cluster change none.
    - A previous id stays with the cluster holding its earliest-seen remaining record (a split leaves
      the id with the part that holds its oldest record).
    - A cluster that claims several previous ids (a merge) keeps the one whose earliest record was seen
      first; the others are retired, which customer_id_ledger records: the post-hook writes the run's
      ledger entries in the same transaction as the new ids (append_customer_id_ledger_entries), so
      no interrupted run, failing test or partial selection keeps one without the other. -#}
with

record_clusters as {{ firstparty.not_materialized() }} (
    select * from {{ ref('int_identity__record_clusters') }}
),

{# Windows and joins within a run go by number (doc identity_record_number): the numbers follow the
    keys' order, so ranking by record_number breaks ties as record_key would, and cluster_number names
    the cluster cluster_key does. The text keys are carried, never sorted on, and come back for the
    previous run's ids (which only text keys name) and the new ids' hash. #}
assignable_records as {{ firstparty.not_materialized() }} (
    select
        record_number,
        record_key,
        source_name,
        source_record_id,
        cluster_number,
        cluster_key,
        seen_at
    from record_clusters
    where not is_held
),

previous_assignments as (
    {%- if is_incremental() %}
        select
            record_key,
            customer_id as previous_customer_id
        from {{ this }}
    {%- else %}
        select
            cast(null as {{ dbt.type_string() }}) as record_key,
            cast(null as {{ dbt.type_string() }}) as previous_customer_id
        where 1 = 0
    {%- endif %}
),

records_with_previous_ids as (
    select
        assignable_records.record_number,
        assignable_records.record_key,
        assignable_records.source_name,
        assignable_records.source_record_id,
        assignable_records.cluster_number,
        assignable_records.cluster_key,
        assignable_records.seen_at,
        previous_assignments.previous_customer_id
    from assignable_records
    left join previous_assignments
        on assignable_records.record_key = previous_assignments.record_key
),

records_with_a_previous_id as (
    select
        previous_customer_id,
        cluster_number,
        record_number,
        seen_at
    from records_with_previous_ids
    where previous_customer_id is not null
),

{# A previous id's earliest record and the cluster it is in now (macro first_row_by: an aggregate per id
    on DuckDB, where a window sorted every record by its previous id's text). #}
claimed_ids as (
    select
        previous_customer_id as customer_id,
        cluster_number,
        record_number as earliest_record_number,
        seen_at as earliest_seen_at
    from (
        {{ firstparty.first_row_by(
            'records_with_a_previous_id',
            ['previous_customer_id'],
            ['cluster_number', 'record_number', 'seen_at'],
            ['seen_at', 'record_number'],
        ) | indent(8) }}
    ) as earliest_records
),

{# A cluster claiming several previous ids keeps the one whose earliest record was seen first. #}
surviving_ids as (
    {{ firstparty.first_row_by(
        'claimed_ids', ['cluster_number'], ['customer_id'], ['earliest_seen_at', 'earliest_record_number'],
    ) }}
),

cluster_anchors as (
    select
        cluster_number,
        record_number as anchor_record_number
    from (
        {{ firstparty.first_row_by(
            'assignable_records', ['cluster_number'], ['record_number'], ['seen_at', 'record_number'],
        ) | indent(8) }}
    ) as earliest_records
),

candidate_new_ids as (
    select
        cluster_anchors.cluster_number,
        anchor_records.record_key as anchor_record_key,
        {{ dbt.hash(dbt.concat(["'customer:'", 'anchor_records.record_key'])) }} as candidate_id
    from cluster_anchors
    inner join assignable_records as anchor_records
        on cluster_anchors.anchor_record_number = anchor_records.record_number
    left join surviving_ids
        on cluster_anchors.cluster_number = surviving_ids.cluster_number
    where surviving_ids.cluster_number is null
),

{# A new id never takes one a surviving cluster keeps (possible only when a backfilled record became
    the earliest of a cluster that later split): it is then derived once more, with a suffix. #}
new_ids as (
    select
        candidate_new_ids.cluster_number,
        case
            when surviving_ids.customer_id is null then candidate_new_ids.candidate_id
            else {{ dbt.hash(dbt.concat(["'customer:'", 'candidate_new_ids.anchor_record_key', "':reissued'"])) }}
        end as customer_id
    from candidate_new_ids
    left join surviving_ids
        on candidate_new_ids.candidate_id = surviving_ids.customer_id
),

cluster_ids as (
    select
        cluster_number,
        customer_id,
        false as is_new_customer
    from surviving_ids
    union all
    select
        cluster_number,
        customer_id,
        true as is_new_customer
    from new_ids
),

assignments as (
    select
        records_with_previous_ids.record_key,
        records_with_previous_ids.source_name,
        records_with_previous_ids.source_record_id,
        cluster_ids.customer_id,
        records_with_previous_ids.cluster_key,
        records_with_previous_ids.previous_customer_id,
        case
            when records_with_previous_ids.previous_customer_id is null and cluster_ids.is_new_customer
                then 'new_customer'
            when records_with_previous_ids.previous_customer_id is null then 'joined_customer'
            when records_with_previous_ids.previous_customer_id = cluster_ids.customer_id then 'unchanged'
            when claimed_ids.cluster_number = records_with_previous_ids.cluster_number then 'merged'
            else 'split_off'
        end as assignment_change,
        cast('{{ invocation_id }}' as {{ dbt.type_string() }}) as assignment_run_id,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }}) as assigned_at
    from records_with_previous_ids
    inner join cluster_ids
        on records_with_previous_ids.cluster_number = cluster_ids.cluster_number
    left join claimed_ids
        on records_with_previous_ids.previous_customer_id = claimed_ids.customer_id
)

select * from assignments
