"""P(alive) and expected holdout purchases for each fit window's distinct (x, t_x, T) groups.

Each window is scored with its own fit: the calibration window's expected holdout purchases are what
clv_holdout_validation checks; the observation window's P(alive) is what customer_lifetime_value
publishes. Both join these back to customers in SQL.
"""

from firstparty.clv.tables import single_row, window_group_scores_table


def model(dbt, session):
    dbt.config(materialized="table")
    settings = single_row(dbt.ref("int_lifetime_value__settings").fetchnumpy())
    fit = dbt.ref("int_lifetime_value__fitted_parameters").fetchnumpy()
    groups = dbt.ref("int_lifetime_value__summary_groups").fetchnumpy()
    return window_group_scores_table(fit, groups, holdout_length=float(settings["holdout_length"]))
