{#- Postgres only (dbt-postgres runs no Python models): the table the Python model of this name builds
    on DuckDB, written by python -m firstparty.postgres_python_models with the same code, from the same
    inputs (docs/postgres.md). The refs below order it after its inputs. -#}
-- depends_on: {{ ref('int_lifetime_value__settings') }}
-- depends_on: {{ ref('int_lifetime_value__summary_groups') }}
-- depends_on: {{ ref('int_lifetime_value__spend_groups') }}
select
    fit_window,
    model_name,
    parameter_name,
    estimate,
    standard_error,
    log_likelihood,
    is_converged,
    iteration_count,
    customer_count,
    group_count,
    time_unit,
    optimizer_message
from {{ source('python_fits', 'int_lifetime_value__fitted_parameters') }}
