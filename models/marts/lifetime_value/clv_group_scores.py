"""P(alive) and expected holdout purchases for each distinct (x, t_x, T) group of customers.

customer_lifetime_value and clv_holdout_validation join these back to customers in SQL.
"""

from firstparty.clv.tables import group_scores_table, parameters, single_row


def model(dbt, session):
    dbt.config(materialized="table")
    settings = single_row(dbt.ref("clv_settings").fetchnumpy())
    fit = dbt.ref("clv_fitted_parameters").fetchnumpy()
    groups = dbt.ref("clv_summary_groups").fetchnumpy()
    return group_scores_table(
        parameters(fit, "bgnbd"), groups, holdout_length=float(settings["holdout_length"])
    )
