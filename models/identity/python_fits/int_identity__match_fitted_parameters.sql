{#- Postgres only (dbt-postgres runs no Python models): the table the Python model of this name builds
    on DuckDB, written by python -m firstparty.postgres_python_models with the same code, from the same
    inputs (docs/postgres.md). The refs below order it after its inputs. -#}
-- depends_on: {{ ref('int_identity__match_levels') }}
-- depends_on: {{ ref('int_identity__match_patterns') }}
-- depends_on: {{ ref('int_identity__match_settings') }}
select
    field_name,
    gamma,
    m_probability,
    u_probability,
    match_weight,
    match_prior,
    is_converged,
    iteration_count,
    log_likelihood,
    candidate_pair_count,
    random_pair_count,
    fit_message
from {{ source('python_fits', 'int_identity__match_fitted_parameters') }}
