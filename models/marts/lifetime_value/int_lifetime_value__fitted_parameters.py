"""BG/NBD and Gamma-Gamma maximum-likelihood fits on the grouped summaries, once per fit window.

Reads only the grouped tables (one row per fit window and distinct (x, t_x, T) or (x, m_x), with a
customer count), never one row per customer. The calibration fit (purchases up to the calibration
end) is validated on the holdout by clv_holdout_validation; the observation fit (every purchase up to
the observation end) scores every customer and is published, with a contract, by clv_model_fit.
"""

from firstparty.clv.tables import fit_windows_table, single_row


def model(dbt, session):
    dbt.config(materialized="table")
    settings = single_row(dbt.ref("int_lifetime_value__settings").fetchnumpy())
    purchase_groups = dbt.ref("int_lifetime_value__summary_groups").fetchnumpy()
    spend_groups = dbt.ref("int_lifetime_value__spend_groups").fetchnumpy()
    return fit_windows_table(purchase_groups, spend_groups, time_unit=str(settings["time_unit"]))
