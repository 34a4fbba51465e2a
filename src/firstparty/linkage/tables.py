"""Result table of the dbt Python model int_identity__match_fitted_parameters: columns in, pyarrow out.

Inputs, fetched as numpy columns:
    levels    one row per (field_name, gamma) declared by the macro identity_match_comparisons, with
              field_order and identifies_person (gamma 0 is the else level; -1, no data, is not a level)
    patterns  one row per (pair_set, blocking_rule, gamma_<field>...) with pair_count; pair_set
              'candidate' for every candidate pair once, 'blocked' per blocking rule for the pairs
              it paired (the fields it blocks on masked to -1), 'random' for the u sample
    settings  one row: profile_record_count, the records every pair is drawn from
Output: one row per field and level with m, u, the match weight log2(m / u), and, on every row, the
prior lambda and the fit's convergence.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pyarrow as pa
from numpy.typing import ArrayLike

from firstparty.linkage.fellegi_sunter import PatternCounts, fit_with_u_correction, match_weights

Columns = Mapping[str, ArrayLike]

FIT_SCHEMA = pa.schema(
    [
        ("field_name", pa.string()),
        ("gamma", pa.int64()),
        ("m_probability", pa.float64()),
        ("u_probability", pa.float64()),
        ("match_weight", pa.float64()),
        ("match_prior", pa.float64()),
        ("is_converged", pa.bool_()),
        ("iteration_count", pa.int64()),
        ("log_likelihood", pa.float64()),
        ("candidate_pair_count", pa.int64()),
        ("random_pair_count", pa.int64()),
        ("fit_message", pa.string()),
    ]
)


def _text(values: ArrayLike) -> list[str]:
    return [str(value) for value in np.asarray(values, dtype=object)]


def person_fields(levels: Columns) -> list[int]:
    """Indexes (in field order) of the fields marked identifies_person."""
    flags: dict[str, tuple[int, bool]] = {}
    for name, order, flag in zip(
        _text(levels["field_name"]),
        np.asarray(levels["field_order"], dtype=np.int64),
        np.asarray(levels["identifies_person"], dtype=bool),
        strict=True,
    ):
        flags[name] = (int(order), bool(flag))
    ordered = sorted(flags.values())
    return [index for index, (_, flag) in enumerate(ordered) if flag]


def field_levels(levels: Columns) -> list[tuple[str, int]]:
    """(field name, number of levels including else) in the fields' declared order."""
    names = _text(levels["field_name"])
    orders = np.asarray(levels["field_order"], dtype=np.int64)
    gammas = np.asarray(levels["gamma"], dtype=np.int64)
    fields: dict[str, tuple[int, int]] = {}
    for name, order, gamma in zip(names, orders, gammas, strict=True):
        previous = fields.get(name, (int(order), 0))
        fields[name] = (previous[0], max(previous[1], int(gamma)))
    return [(name, top + 1) for name, (_, top) in sorted(fields.items(), key=lambda item: item[1][0])]


def pattern_counts(
    patterns: Columns, fields: list[tuple[str, int]], pair_set: str, blocking_rule: str | None = None
) -> PatternCounts:
    """The patterns of one pair set ('candidate' or 'random'), optionally of one blocking rule."""
    selected = np.asarray(_text(patterns["pair_set"])) == pair_set
    if blocking_rule is not None:
        selected &= np.asarray(_text(patterns["blocking_rule"])) == blocking_rule
    gammas = (
        np.column_stack(
            [np.asarray(patterns[f"gamma_{name}"], dtype=np.int64)[selected] for name, _ in fields]
        )
        if fields
        else np.zeros((int(selected.sum()), 0), dtype=np.int64)
    )
    counts = np.asarray(patterns["pair_count"], dtype=np.float64)[selected]
    return PatternCounts.of(gammas.reshape(len(counts), len(fields)), counts)


def fit_table(levels: Columns, patterns: Columns, record_count: int) -> pa.Table:
    """u from random pairs, m by EM per blocking rule, the prior per random pair; a row per level."""
    fields = field_levels(levels)
    level_counts = [count for _, count in fields]
    candidates = pattern_counts(patterns, fields, "candidate")
    random_pairs = pattern_counts(patterns, fields, "random")
    pair_sets = np.asarray(_text(patterns["pair_set"]))
    rules = sorted(set(np.asarray(_text(patterns["blocking_rule"]))[pair_sets == "blocked"]))
    sessions = {rule: pattern_counts(patterns, fields, "blocked", rule) for rule in rules}
    u, fit = fit_with_u_correction(
        random_pairs, sessions, candidates, level_counts, record_count, person_fields(levels)
    )
    weights = match_weights(fit.m, u)
    rows = []
    for field_index, (name, count) in enumerate(fields):
        for gamma in range(count):
            rows.append(
                {
                    "field_name": name,
                    "gamma": gamma,
                    "m_probability": float(fit.m[field_index][gamma]),
                    "u_probability": float(u[field_index][gamma]),
                    "match_weight": float(weights[field_index][gamma]),
                    "match_prior": None if np.isnan(fit.prior) else fit.prior,
                    "is_converged": fit.is_converged,
                    "iteration_count": fit.iteration_count,
                    "log_likelihood": None if np.isnan(fit.log_likelihood) else fit.log_likelihood,
                    "candidate_pair_count": int(candidates.pair_count),
                    "random_pair_count": int(random_pairs.pair_count),
                    "fit_message": fit.message,
                }
            )
    return pa.Table.from_pylist(rows, schema=FIT_SCHEMA)
