{#- Postgres only (dbt-postgres runs no Python models): the table the Python model of this name builds
    on DuckDB, written by python -m firstparty.postgres_python_models with the same code, from the same
    inputs (docs/postgres.md). The refs below order it after its inputs. -#}
-- depends_on: {{ ref('int_lifetime_value__settings') }}
-- depends_on: {{ ref('int_lifetime_value__fitted_parameters') }}
-- depends_on: {{ ref('int_lifetime_value__summary_groups') }}
select
    fit_window,
    repeat_purchases,
    recency_days,
    age_days,
    customer_count,
    p_alive,
    expected_holdout_purchases
from {{ source('python_fits', 'int_lifetime_value__group_scores') }}
