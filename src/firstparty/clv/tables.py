"""Result tables for the dbt Python models of models/marts/lifetime_value/: columns in, pyarrow out.

The dbt models fetch grouped summaries (one row per distinct (x, t_x, T), or per (x, m_x) for spend,
with a customer count) as numpy columns, call the functions here and return the pyarrow tables
they build. Nothing here holds one row per customer: the SQL models join the group scores back.

Every group carries a fit window (column fit_window, FIT_WINDOWS): "calibration", purchases up to
the calibration end, whose fit is validated on the holdout after it, and "observation", purchases up
to the observation end, whose fit scores every customer. Each window is fitted and scored on its own.

    fit_table                 BG/NBD and Gamma-Gamma maximum-likelihood fits, one row per parameter
    fit_windows_table         fit_table for each fit window
    group_scores_table        P(alive) and expected holdout purchases per (x, t_x, T) group
    window_group_scores_table group_scores_table for each fit window with that window's fit
    horizon_scores_table      expected and discounted purchases per group and horizon
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pyarrow as pa
from numpy.typing import ArrayLike, NDArray

from firstparty.clv import bgnbd, gamma_gamma
from firstparty.clv.fit import FitResult, fit_bgnbd, fit_gamma_gamma

FloatArray = NDArray[np.float64]
Columns = Mapping[str, ArrayLike]

# Cells of the (horizon + 1) x (x, T)-pairs table of expectations per block, to bound memory.
_CELLS_PER_BLOCK = 4_000_000

# The fit windows, in the order their rows are written: validation fit first, then the scoring fit.
FIT_WINDOWS = ("calibration", "observation")

FIT_SCHEMA = pa.schema(
    [
        ("model_name", pa.string()),
        ("parameter_name", pa.string()),
        ("estimate", pa.float64()),
        ("standard_error", pa.float64()),
        ("log_likelihood", pa.float64()),
        ("is_converged", pa.bool_()),
        ("iteration_count", pa.int64()),
        ("customer_count", pa.int64()),
        ("group_count", pa.int64()),
        ("time_unit", pa.string()),
        ("optimizer_message", pa.string()),
    ]
)


def column(columns: Columns, name: str) -> FloatArray:
    """One fetched column as a float array (DuckDB decimals and integers arrive as numpy arrays)."""
    return np.asarray(columns[name], dtype=np.float64)


def single_row(columns: Columns) -> dict[str, object]:
    """The values of a one-row table fetched as columns (int_lifetime_value__settings).

    Raises unless exactly one row."""
    lengths = {len(np.atleast_1d(values)) for values in columns.values()}
    if lengths != {1}:
        raise ValueError(f"expected exactly one row, got {sorted(lengths)}")
    first = {name: np.atleast_1d(values)[0] for name, values in columns.items()}
    return {name: value.item() if isinstance(value, np.generic) else value for name, value in first.items()}


def window_rows(columns: Columns, window: str) -> dict[str, ArrayLike]:
    """The rows of one fit window of fetched columns (those whose fit_window is `window`), without
    the fit_window column; masked (null) values stay masked."""
    if window not in FIT_WINDOWS:
        raise ValueError(f"fit window must be one of {FIT_WINDOWS}, got {window!r}")
    chosen = np.asarray(columns["fit_window"]).astype(str) == window
    return {name: np.asanyarray(values)[chosen] for name, values in columns.items() if name != "fit_window"}


def _with_window(table: pa.Table, window: str) -> pa.Table:
    return table.add_column(0, "fit_window", pa.array([window] * table.num_rows, type=pa.string()))


def _failed_fit(model: str, names: Sequence[str], message: str, time_unit: str | None) -> list[dict]:
    """Rows for a fit that could not run (no data): values missing, not converged, reason recorded."""
    return [
        {
            "model_name": model,
            "parameter_name": name,
            "estimate": None,
            "standard_error": None,
            "log_likelihood": None,
            "is_converged": False,
            "iteration_count": 0,
            "customer_count": 0,
            "group_count": 0,
            "time_unit": time_unit,
            "optimizer_message": message,
        }
        for name in names
    ]


def _fit_rows(result: FitResult) -> list[dict]:
    return [
        {
            "model_name": row["model"],
            "parameter_name": row["parameter"],
            "estimate": row["value"],
            "standard_error": row["standard_error"],
            "log_likelihood": row["log_likelihood"],
            "is_converged": row["is_converged"],
            "time_unit": row["time_unit"],
            "iteration_count": result.n_iterations,
            "customer_count": int(round(result.n_customers)),
            "group_count": result.n_groups,
            "optimizer_message": result.message,
        }
        for row in result.rows()
    ]


def fit_table(purchase_groups: Columns, spend_groups: Columns, *, time_unit: str) -> pa.Table:
    """Fit BG/NBD on (repeat_purchases, recency, age, customer_count) and Gamma-Gamma on
    (repeat_purchases, average_repeat_value, customer_count); one row per parameter (FIT_SCHEMA).

    A model with no customers to fit (no calibration buyers, or no repeat buyers with positive
    spend: empty exports, a calibration end before the data) gets rows with null estimates,
    customer_count 0 and is_converged false instead of failing the build. Invalid data (for example
    recency above age) still raises.
    """
    rows: list[dict] = []
    # Rows in a fixed order, so the fit does not depend on the order the database returns groups in.
    x, t_x, T = (column(purchase_groups, name) for name in ("repeat_purchases", "recency", "age"))
    counts = column(purchase_groups, "customer_count")
    order = np.lexsort((T, t_x, x))
    if np.any(counts > 0):
        fitted = fit_bgnbd(x[order], t_x[order], T[order], counts[order], time_unit=time_unit)
        rows += _fit_rows(fitted)
    else:
        rows += _failed_fit("bgnbd", bgnbd.PARAMETER_NAMES, "no customers to fit", time_unit)
    repeat, m_x = column(spend_groups, "repeat_purchases"), column(spend_groups, "average_repeat_value")
    spend_counts = column(spend_groups, "customer_count")
    order = np.lexsort((m_x, repeat))
    if np.any((spend_counts > 0) & (repeat > 0)):
        fitted = fit_gamma_gamma(repeat[order], m_x[order], spend_counts[order])
        rows += _fit_rows(fitted)
    else:
        rows += _failed_fit("gamma_gamma", gamma_gamma.PARAMETER_NAMES, "no repeat buyers to fit", None)
    return pa.Table.from_pylist(rows, schema=FIT_SCHEMA)


def fit_windows_table(purchase_groups: Columns, spend_groups: Columns, *, time_unit: str) -> pa.Table:
    """`fit_table` of each fit window on that window's groups only, with a leading fit_window column:
    FIT_SCHEMA's rows of the calibration fit, then those of the observation fit."""
    return pa.concat_tables(
        [
            _with_window(
                fit_table(
                    window_rows(purchase_groups, window),
                    window_rows(spend_groups, window),
                    time_unit=time_unit,
                ),
                window,
            )
            for window in FIT_WINDOWS
        ]
    )


def parameters(fit: Columns, model: str) -> dict[str, float] | None:
    """{parameter: estimate} of one model from the fit table's columns; None without finite estimates.

    Scores use the estimates whether or not the fit passed every convergence check: an optimiser
    that stops at the edge of the parameter space (for example a, b -> infinity in the BG/NBD when
    nobody seems to drop out) still gives the best parameters found. is_converged in the fit table
    says which it is, and a data test reports a fit that did not converge.
    """
    models = np.asarray(fit["model_name"]).astype(str)
    names = np.asarray(fit["parameter_name"]).astype(str)
    values = np.ma.filled(np.ma.asarray(fit["estimate"], dtype=np.float64), np.nan)  # null -> NaN
    rows = models == model
    if not np.any(rows) or not np.all(np.isfinite(values[rows])):
        return None
    return {str(name): float(value) for name, value in zip(names[rows], values[rows], strict=True)}


def _keys(groups: Columns) -> dict[str, NDArray[np.int64]]:
    return {
        name: np.asarray(groups[name], dtype=np.int64)
        for name in ("repeat_purchases", "recency_days", "age_days")
    }


def group_scores_table(
    params: Mapping[str, float] | None, groups: Columns, *, holdout_length: float
) -> pa.Table:
    """Per (x, t_x, T) group: P(alive at the calibration end) and E[purchases in the holdout].

    Columns: the group key (repeat_purchases, recency_days, age_days), customer_count, p_alive,
    expected_holdout_purchases (FHL (10) at t = holdout_length; 0 when there is no holdout). With no
    fit (params None) the scores are null.
    """
    x, t_x, T = column(groups, "repeat_purchases"), column(groups, "recency"), column(groups, "age")
    if params is None or x.size == 0:
        alive = holdout = np.full(x.size, np.nan)
    else:
        alive = bgnbd.p_alive(params, x, t_x, T)
        holdout = alive * bgnbd.expected_purchases_if_alive(max(holdout_length, 0.0), params, x, T)
    return pa.table(
        {
            **_keys(groups),
            "customer_count": np.asarray(groups["customer_count"], dtype=np.int64),
            "p_alive": pa.array(alive, from_pandas=True),
            "expected_holdout_purchases": pa.array(holdout, from_pandas=True),
        }
    )


def window_group_scores_table(fit: Columns, groups: Columns, *, holdout_length: float) -> pa.Table:
    """`group_scores_table` of each fit window's groups with that window's own BG/NBD estimates (fit:
    the columns of `fit_windows_table`), with a leading fit_window column. The calibration window's
    expected holdout purchases are over holdout_length; the observation window has no holdout after
    it, so they are 0 there.
    """
    lengths = {"calibration": holdout_length, "observation": 0.0}
    return pa.concat_tables(
        [
            _with_window(
                group_scores_table(
                    parameters(window_rows(fit, window), "bgnbd"),
                    window_rows(groups, window),
                    holdout_length=lengths[window],
                ),
                window,
            )
            for window in FIT_WINDOWS
        ]
    )


def expected_purchase_paths(
    params: Mapping[str, float],
    x: ArrayLike,
    t_x: ArrayLike,
    T: ArrayLike,
    horizons: Sequence[int],
    discount_rate: float,
) -> tuple[FloatArray, FloatArray]:
    """Expected and discounted expected repeat purchases over each whole-period horizon.

    Returns two (len(horizons), n) arrays: E[Y(h) | x, t_x, T] (FHL (10)) and
    sum_{k=1..h} (E[Y(k)] - E[Y(k-1)]) / (1 + discount_rate)^k, the purchases expected in each
    period discounted to the calibration end: times expected spend and margin it is
    `lifetime_value.discounted_clv` at horizon h. E[Y(k) | alive] depends on (x, T) only, so it is
    evaluated once per distinct pair for every period up to the longest horizon, in blocks.
    """
    hs = np.asarray(horizons, dtype=np.int64)
    if hs.size == 0 or np.any(hs < 0):
        raise ValueError("horizons must be a non-empty list of non-negative whole periods")
    if discount_rate <= -1:
        raise ValueError("discount_rate must be greater than -1")
    s = bgnbd.as_summary(x, t_x, T)
    longest = int(hs.max())
    periods = np.arange(longest + 1, dtype=np.float64)
    discount = (1.0 + discount_rate) ** -periods[1:]
    alive = bgnbd.p_alive(params, s.x, s.t_x, s.T)
    pairs, pair_index = np.unique(np.stack([s.x, s.T], axis=1), axis=0, return_inverse=True)
    expected = np.zeros((hs.size, pairs.shape[0]))
    discounted = np.zeros((hs.size, pairs.shape[0]))
    block = max(1, _CELLS_PER_BLOCK // (longest + 1))
    for start in range(0, pairs.shape[0], block):
        rows = slice(start, start + block)
        cumulative = bgnbd.expected_purchases_if_alive(
            periods[:, None], params, pairs[rows, 0], pairs[rows, 1]
        )
        discounted_cumulative = np.vstack(
            [
                np.zeros((1, cumulative.shape[1])),
                np.cumsum(discount[:, None] * np.diff(cumulative, axis=0), 0),
            ]
        )
        expected[:, rows] = cumulative[hs]
        discounted[:, rows] = discounted_cumulative[hs]
    index = pair_index.ravel()
    return expected[:, index] * alive, discounted[:, index] * alive


def horizon_scores_table(
    params: Mapping[str, float] | None,
    groups: Columns,
    *,
    horizons: Sequence[int],
    discount_rate: float,
) -> pa.Table:
    """One row per (x, t_x, T) group and horizon: expected_purchases and discounted_expected_purchases.

    horizons: whole periods >= 1 (duplicates collapse). Columns: the group key, horizon_periods,
    expected_purchases (E[Y(h) | x, t_x, T]) and discounted_expected_purchases (each period's expected
    purchases discounted at discount_rate per period), from `expected_purchase_paths`. Null scores
    without a fit (params None).
    """
    if not horizons or any(int(h) != h or h < 1 for h in horizons):
        raise ValueError(f"horizons must be whole numbers of periods >= 1, got {list(horizons)}")
    hs = sorted({int(h) for h in horizons})
    keys = _keys(groups)
    n = keys["repeat_purchases"].size
    if params is None or n == 0:
        expected = discounted = np.full((len(hs), n), np.nan)
    else:
        expected, discounted = expected_purchase_paths(
            params,
            column(groups, "repeat_purchases"),
            column(groups, "recency"),
            column(groups, "age"),
            hs,
            discount_rate,
        )
    return pa.table(
        {
            **{name: np.tile(values, len(hs)) for name, values in keys.items()},
            "horizon_periods": np.repeat(np.asarray(hs, dtype=np.int64), n),
            "expected_purchases": pa.array(expected.ravel(), from_pandas=True),
            "discounted_expected_purchases": pa.array(discounted.ravel(), from_pandas=True),
        }
    )
