{# The two plausibility checks of an event timestamp, as quarantine_checks entries: not after as_of (plus a tolerance), not before a floor. #}
{#
    A parsed timestamp later than as_of_timestamp() plus var staging_future_tolerance_hours is
    quarantined as 'timestamp_after_as_of' (an order dated 9999-12-31 would otherwise move every
    "latest" and win every "most recent" rule); one earlier than var staging_timestamp_floor is
    quarantined as 'timestamp_before_floor' (1850, 0001-01-01 and other placeholders). A null
    timestamp passes both (the model's own checks say whether it may be null). Returns a list to
    concatenate into a model's `checks`.
#}
{% macro timestamp_range_checks(column) -%}
    {%- set latest = dbt.dateadd('hour', var('staging_future_tolerance_hours') | int, firstparty.as_of_timestamp()) -%}
    {%- set floor = "cast('" ~ var('staging_timestamp_floor') ~ "' as " ~ dbt.type_timestamp() ~ ")" -%}
    {{ return([
        {'failed': column ~ ' > ' ~ (latest | trim), 'reason': 'timestamp_after_as_of', 'column': column},
        {'failed': column ~ ' < ' ~ floor, 'reason': 'timestamp_before_floor', 'column': column},
    ]) }}
{%- endmacro %}
