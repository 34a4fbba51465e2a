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
        cast(fitted_parameters.model_name as {{ dbt.type_string() }}) as model_name,
        cast(fitted_parameters.parameter_name as {{ dbt.type_string() }}) as parameter_name,
        cast(fitted_parameters.estimate as {{ type_double() }}) as estimate,
        cast(fitted_parameters.standard_error as {{ type_double() }}) as standard_error,
        cast(fitted_parameters.log_likelihood as {{ type_double() }}) as log_likelihood,
        cast(fitted_parameters.is_converged as boolean) as is_converged,
        cast(fitted_parameters.iteration_count as {{ dbt.type_int() }}) as iteration_count,
        cast(fitted_parameters.customer_count as {{ dbt.type_bigint() }}) as customer_count,
        cast(fitted_parameters.group_count as {{ dbt.type_bigint() }}) as group_count,
        settings.observation_end_date as as_of_date,
        cast(fitted_parameters.time_unit as {{ dbt.type_string() }}) as time_unit,
        -- Gamma-Gamma's scale gamma (and so every spend) is in the reporting currency.
        cast(
            case when fitted_parameters.model_name = 'gamma_gamma' then settings.reporting_currency end
            as {{ dbt.type_string() }}
        ) as currency,
        cast(fitted_parameters.optimizer_message as {{ dbt.type_string() }}) as optimizer_message
    from fitted_parameters
    cross join settings
    where fitted_parameters.fit_window = 'observation'
)

select * from published
