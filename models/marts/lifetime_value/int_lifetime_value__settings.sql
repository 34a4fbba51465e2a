{#- Days in one time unit of the CLV models; the var clv_time_unit picks one. -#}
{%- set days_per_time_unit = {'day': 1, 'week': 7} -%}
{%- set time_unit = var('clv_time_unit') -%}
{%- if time_unit not in days_per_time_unit -%}
    {{ exceptions.raise_compiler_error(
        "var clv_time_unit must be one of " ~ (days_per_time_unit.keys() | list) ~ ", not '" ~ time_unit ~ "'"
    ) }}
{%- endif -%}
{%- set horizon = var('clv_horizon') -%}
{%- if horizon is not integer or horizon < 1 -%}
    {{ exceptions.raise_compiler_error("var clv_horizon must be a whole number of periods >= 1, not " ~ horizon) }}
{%- endif -%}

with

as_of as (
    select {{ firstparty.as_of_timestamp() }} as as_of_at
),

settings as (
    select
        '{{ var("reporting_currency") }}' as reporting_currency,
        '{{ time_unit }}' as time_unit,
        {{ days_per_time_unit[time_unit] }} as days_per_time_unit,
        cast('{{ var("clv_calibration_end_date") }}' as date) as calibration_end_date,
        {% if var('clv_observation_end_date') -%}
            cast('{{ var("clv_observation_end_date") }}' as date)
        {%- else -%}
            -- The day as_of falls in; an as_of at midnight closes the day before (demo_as_of 2026-07-01
            -- 00:00 observes up to 2026-06-30), so no day is counted that has not begun.
            case
                when cast(cast(as_of.as_of_at as date) as {{ dbt.type_timestamp() }}) = as_of.as_of_at
                    then cast({{ dbt.dateadd('day', -1, 'cast(as_of.as_of_at as date)') }} as date)
                else cast(as_of.as_of_at as date)
            end
        {%- endif %} as observation_end_date,
        {{ horizon }} as clv_horizon,
        cast({{ var('clv_discount_rate') }} as {{ type_double() }}) as annual_discount_rate,
        cast({{ var('clv_margin') }} as {{ type_double() }}) as margin
    from as_of
),

resolved as (
    select
        settings.reporting_currency,
        settings.time_unit,
        settings.days_per_time_unit,
        settings.calibration_end_date,
        settings.observation_end_date,
        -- The holdout runs from the day after the calibration end to the observation end, inclusive.
        cast(
            greatest({{ dbt.datediff('settings.calibration_end_date', 'settings.observation_end_date', 'day') }}, 0)
            as {{ type_double() }}
        ) / settings.days_per_time_unit as holdout_length,
        settings.clv_horizon,
        settings.annual_discount_rate,
        power(1 + settings.annual_discount_rate, settings.days_per_time_unit / 365.25) - 1
            as discount_rate_per_period,
        settings.margin
    from settings
)

select * from resolved
