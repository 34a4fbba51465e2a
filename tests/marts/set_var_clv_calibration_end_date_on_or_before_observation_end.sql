{{ config(group="lifetime_value", store_failures=true) }}
-- The calibration fit needs a calibration end on or before the observation end. Its default,
-- 2025-12-31, is the demo's: on other data (a 1997-1998 shop with as_of 1998-07-01, say) it lies after
-- the observation end and this test fails. Fix: set var clv_calibration_end_date on or before the
-- observation end, leaving a holdout to validate on, for example 26 weeks before it (the holdout
-- shorter than the calibration period):
--     dbt build --vars '{clv_calibration_end_date: "1997-12-31", as_of: "1998-07-01"}'
-- The failing row (stored, see the path dbt prints) says the dates of this run and a suggested value.
with

settings as (
    select * from {{ ref('int_lifetime_value__settings') }}
),

misplaced_calibration_end as (
    select
        settings.calibration_end_date,
        settings.observation_end_date,
        cast({{ dbt.dateadd('day', -182, 'settings.observation_end_date') }} as date)
            as suggested_calibration_end_date,
        'var clv_calibration_end_date ('
        || cast(settings.calibration_end_date as {{ dbt.type_string() }})
        || ') is after the observation end ('
        || cast(settings.observation_end_date as {{ dbt.type_string() }})
        || ', var clv_observation_end_date, else the day of as_of): set clv_calibration_end_date on or'
        || ' before it, leaving a holdout shorter than the calibration period, for example '
        || cast(
            cast({{ dbt.dateadd('day', -182, 'settings.observation_end_date') }} as date)
            as {{ dbt.type_string() }}
        )
        || ' (26 weeks before the observation end)' as message
    from settings
    where settings.calibration_end_date > settings.observation_end_date
)

select * from misplaced_calibration_end
