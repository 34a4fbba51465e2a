with

fitted_parameters as (
    select * from {{ ref('int_lifetime_value__fitted_parameters') }}
),

settings as (
    select * from {{ ref('int_lifetime_value__settings') }}
),

published as (
    -- The observation fit: the one whose estimates score every customer. The calibration fit, which
    -- clv_holdout_validation checks, stays in int_lifetime_value__fitted_parameters.
    select
        cast(fitted_parameters.model_name as varchar) as model_name,
        cast(fitted_parameters.parameter_name as varchar) as parameter_name,
        cast(fitted_parameters.estimate as {{ type_double() }}) as estimate,
        cast(fitted_parameters.standard_error as {{ type_double() }}) as standard_error,
        cast(fitted_parameters.log_likelihood as {{ type_double() }}) as log_likelihood,
        cast(fitted_parameters.is_converged as boolean) as is_converged,
        cast(fitted_parameters.iteration_count as integer) as iteration_count,
        cast(fitted_parameters.customer_count as bigint) as customer_count,
        cast(fitted_parameters.group_count as bigint) as group_count,
        settings.observation_end_date as as_of_date,
        cast(fitted_parameters.time_unit as varchar) as time_unit,
        -- Gamma-Gamma's scale gamma (and so every spend) is in the reporting currency.
        cast(
            case when fitted_parameters.model_name = 'gamma_gamma' then settings.reporting_currency end as varchar
        ) as currency,
        cast(fitted_parameters.optimizer_message as varchar) as optimizer_message
    from fitted_parameters
    cross join settings
    where fitted_parameters.fit_window = 'observation'
)

select * from published
