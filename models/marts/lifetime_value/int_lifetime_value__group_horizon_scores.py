"""Expected and discounted expected purchases for each (x, t_x, T) group and horizon, as of the
observation end: the observation window's groups scored with the observation fit.

Horizons: var clv_horizons plus clv_horizon (rendered into this model's config by the yml);
discount rate per period: int_lifetime_value__settings.
"""

from firstparty.clv.tables import horizon_scores_table, parameters, single_row, window_rows


def model(dbt, session):
    dbt.config(materialized="table")
    settings = single_row(dbt.ref("int_lifetime_value__settings").fetchnumpy())
    fit = window_rows(dbt.ref("int_lifetime_value__fitted_parameters").fetchnumpy(), "observation")
    groups = window_rows(dbt.ref("int_lifetime_value__summary_groups").fetchnumpy(), "observation")
    horizons = [*dbt.config.get("clv_horizons"), int(settings["clv_horizon"])]
    return horizon_scores_table(
        parameters(fit, "bgnbd"),
        groups,
        horizons=horizons,
        discount_rate=float(settings["discount_rate_per_period"]),
    )
