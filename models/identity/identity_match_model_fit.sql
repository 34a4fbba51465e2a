{#- The fitted parameters of probabilistic matching, one row per field and comparison level: m, u, the
    level's match weight log2(m / u), and on every row the prior (the estimated share of candidate
    pairs that are matches) and whether the EM converged. -#}
with

fitted_parameters as (
    select * from {{ ref('int_identity__match_fitted_parameters') }}
),

levels as (
    select * from {{ ref('int_identity__match_levels') }}
),

published as (
    select
        cast(levels.field_name as {{ dbt.type_string() }}) as field_name,
        cast(levels.field_order as {{ dbt.type_int() }}) as field_order,
        cast(levels.gamma as {{ dbt.type_int() }}) as gamma,
        cast(levels.level_name as {{ dbt.type_string() }}) as level_name,
        cast(levels.is_tf_adjusted as {{ dbt.type_boolean() }}) as is_tf_adjusted,
        cast(fitted_parameters.m_probability as {{ dbt.type_float() }}) as m_probability,
        cast(fitted_parameters.u_probability as {{ dbt.type_float() }}) as u_probability,
        cast(fitted_parameters.match_weight as {{ dbt.type_float() }}) as match_weight,
        cast(fitted_parameters.match_prior as {{ dbt.type_float() }}) as match_prior,
        cast(fitted_parameters.is_converged as {{ dbt.type_boolean() }}) as is_converged,
        cast(fitted_parameters.iteration_count as {{ dbt.type_int() }}) as iteration_count,
        cast(fitted_parameters.log_likelihood as {{ dbt.type_float() }}) as log_likelihood,
        cast(fitted_parameters.candidate_pair_count as {{ dbt.type_bigint() }}) as candidate_pair_count,
        cast(fitted_parameters.random_pair_count as {{ dbt.type_bigint() }}) as random_pair_count,
        cast(fitted_parameters.fit_message as {{ dbt.type_string() }}) as fit_message
    from levels
    left join fitted_parameters
        on
            levels.field_name = fitted_parameters.field_name
            and levels.gamma = fitted_parameters.gamma
)

select * from published
