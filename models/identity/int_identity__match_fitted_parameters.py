"""Fellegi-Sunter fit on the grouped comparison patterns: u from the random pairs, m by EM per blocking rule.

Reads only the pattern counts (one row per distinct vector of comparison levels, with a pair count),
never one row per pair; published with the level names by the SQL model identity_match_model_fit.
"""

from firstparty.clv.tables import single_row
from firstparty.linkage.tables import fit_table


def model(dbt, session):
    dbt.config(materialized="table")
    levels = dbt.ref("int_identity__match_levels").fetchnumpy()
    patterns = dbt.ref("int_identity__match_patterns").fetchnumpy()
    settings = single_row(dbt.ref("int_identity__match_settings").fetchnumpy())
    return fit_table(levels, patterns, int(settings["profile_record_count"]))
