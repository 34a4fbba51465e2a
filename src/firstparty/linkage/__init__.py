"""Probabilistic record linkage in the Fellegi-Sunter family, on grouped comparison patterns.

The identity models aggregate candidate pairs (and a sample of random pairs) into comparison
patterns, one row per distinct vector of comparison levels with a pair count; the code here never
sees one row per pair. See `fellegi_sunter` for the conventions and `tables` for the dbt Python model.
"""

from firstparty.linkage.fellegi_sunter import (
    FitResult,
    PatternCounts,
    estimate_u,
    fit_by_blocking_rule,
    fit_m_and_prior,
    match_weights,
)

__all__ = [
    "FitResult",
    "PatternCounts",
    "estimate_u",
    "fit_by_blocking_rule",
    "fit_m_and_prior",
    "match_weights",
]
