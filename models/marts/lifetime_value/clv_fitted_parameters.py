"""BG/NBD and Gamma-Gamma maximum-likelihood fits on the grouped calibration summaries.

Reads only the grouped tables (one row per distinct (x, t_x, T) or (x, m_x) with a customer count),
never one row per customer; published with a contract by the SQL model clv_model_fit.
"""

from firstparty.clv.tables import fit_table, single_row


def model(dbt, session):
    dbt.config(materialized="table")
    settings = single_row(dbt.ref("clv_settings").fetchnumpy())
    purchase_groups = dbt.ref("clv_summary_groups").fetchnumpy()
    spend_groups = dbt.ref("clv_spend_groups").fetchnumpy()
    return fit_table(purchase_groups, spend_groups, time_unit=str(settings["time_unit"]))
