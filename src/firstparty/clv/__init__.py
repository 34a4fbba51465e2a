"""Customer lifetime value statistics: BG/NBD purchases, Gamma-Gamma spend, discounted CLV.

Inputs are grouped summaries (one row per distinct (x, t_x, T), with a customer count as weight) in
a time unit the caller declares; see `bgnbd` for the conventions and formulas.
"""

from firstparty.clv.bgnbd import (
    conditional_expected_purchases,
    expected_purchases,
    expected_purchases_if_alive,
    p_alive,
)
from firstparty.clv.fit import FitResult, fit_bgnbd, fit_gamma_gamma
from firstparty.clv.gamma_gamma import conditional_expected_spend, population_mean_spend
from firstparty.clv.lifetime_value import discounted_clv
from firstparty.clv.simulate import (
    GroupedSpend,
    GroupedSummary,
    SimulatedCustomers,
    group_spend,
    group_summary,
    simulate_bgnbd,
    simulate_gamma_gamma,
)

__all__ = [
    "FitResult",
    "GroupedSpend",
    "GroupedSummary",
    "SimulatedCustomers",
    "conditional_expected_purchases",
    "conditional_expected_spend",
    "discounted_clv",
    "expected_purchases",
    "expected_purchases_if_alive",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "group_spend",
    "group_summary",
    "p_alive",
    "population_mean_spend",
    "simulate_bgnbd",
    "simulate_gamma_gamma",
]
