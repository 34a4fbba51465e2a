"""Expected and discounted expected purchases for each (x, t_x, T) group and horizon, as of the
observation end: the observation window's groups scored with the observation fit.

Horizons: var clv_horizons plus clv_horizon (rendered into this model's config by the yml);
discount rate per period: clv_settings.
"""

from firstparty.clv.tables import horizon_scores_table, parameters, single_row, window_rows


def model(dbt, session):
    dbt.config(materialized="table")
    settings = single_row(dbt.ref("clv_settings").fetchnumpy())
    fit = window_rows(dbt.ref("clv_fitted_parameters").fetchnumpy(), "observation")
    groups = window_rows(dbt.ref("clv_summary_groups").fetchnumpy(), "observation")
    horizons = [*dbt.config.get("clv_horizons"), int(settings["clv_horizon"])]
    return horizon_scores_table(
        parameters(fit, "bgnbd"),
        groups,
        horizons=horizons,
        discount_rate=float(settings["discount_rate_per_period"]),
    )
