"""Discounted customer lifetime value from a fitted BG/NBD and an expected spend per transaction.

    CLV(H, d) = margin * E[spend] * sum_{k=1..H} (E[Y(k) | x, t_x, T] - E[Y(k-1) | x, t_x, T]) / (1 + d)^k

E[Y(k) | ...] is the BG/NBD conditional expectation of repeat purchases in (T, T + k] (FHL 2005
eq. 10), so each term is the purchases expected in period k, valued at the expected spend (for
example Gamma-Gamma E[M | m_x, x]) times the margin, and discounted to the end of calibration at the
end of the period. Periods are the model's time unit: with weeks and an annual rate D, use
d = (1 + D)^(1/52) - 1. Every increment is >= 0 (E[Y(k)] grows with k), so CLV grows with H and falls
as d rises.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from firstparty.clv import bgnbd

# Cells per block of the (H + 1) x (x, T)-pairs table of expectations, to bound memory.
_CELLS_PER_BLOCK = 4_000_000


def discounted_clv(
    bgnbd_params: Sequence[float] | dict[str, float],
    x: ArrayLike,
    t_x: ArrayLike,
    T: ArrayLike,
    expected_spend: ArrayLike,
    horizon: int,
    discount_rate: float,
    margin: float = 1.0,
) -> NDArray[np.float64]:
    """Discounted CLV per row over `horizon` whole periods (module docstring).

    expected_spend broadcasts against the rows (a scalar or one value per row); discount_rate is per
    period and must be > -1; margin is the share of spend kept as profit.
    """
    if horizon < 0 or int(horizon) != horizon:
        raise ValueError("horizon must be a non-negative whole number of periods")
    if discount_rate <= -1:
        raise ValueError("discount_rate must be greater than -1")
    s = bgnbd.as_summary(x, t_x, T)
    spend = np.broadcast_to(np.asarray(expected_spend, dtype=np.float64), s.x.shape)
    horizon = int(horizon)
    if horizon == 0 or s.x.size == 0:
        return np.zeros(s.x.size)
    periods = np.arange(horizon + 1, dtype=np.float64)
    discount = (1.0 + discount_rate) ** -periods[1:]
    alive = bgnbd.p_alive(bgnbd_params, s.x, s.t_x, s.T)
    # E[Y(k) | alive] depends on (x, T) only, so it is computed once per distinct pair.
    pairs, pair_index = np.unique(np.stack([s.x, s.T], axis=1), axis=0, return_inverse=True)
    per_pair = np.zeros(pairs.shape[0])
    block = max(1, _CELLS_PER_BLOCK // (horizon + 1))
    for start in range(0, pairs.shape[0], block):
        rows = slice(start, start + block)
        cumulative = bgnbd.expected_purchases_if_alive(
            periods[:, None], bgnbd_params, pairs[rows, 0], pairs[rows, 1]
        )
        per_pair[rows] = discount @ np.diff(cumulative, axis=0)
    return per_pair[pair_index.ravel()] * alive * spend * margin
