"""Simulate customers from the BG/NBD and Gamma-Gamma models, and group summaries for fitting.

The simulators run the generative story itself (Poisson purchases, a coin flip for dropout after
each repeat purchase, individual transaction values), not a draw from the fitted likelihood, so the
tests that fit simulated data check the likelihood against the process it claims to describe.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class SimulatedCustomers:
    """Per-customer outcome of `simulate_bgnbd` (all arrays of length n).

    x, t_x, T: calibration summary (repeat purchases in (0, T], time of the last one, age).
    purchase_rate, dropout_probability: the customer's latent lambda and p.
    is_alive: still active at T. x_holdout: repeat purchases in (T, T + holdout].
    """

    x: NDArray[np.int64]
    t_x: FloatArray
    T: FloatArray
    purchase_rate: FloatArray
    dropout_probability: FloatArray
    is_alive: NDArray[np.bool_]
    x_holdout: NDArray[np.int64]


def simulate_bgnbd(
    n: int,
    r: float,
    alpha: float,
    a: float,
    b: float,
    T: float | ArrayLike,
    rng: np.random.Generator,
    holdout: float = 0.0,
) -> SimulatedCustomers:
    """Simulate n customers' purchase histories under the BG/NBD model, in continuous time.

    Each customer makes a first purchase at time 0 and is observed until T (a scalar, or one value
    per customer) and further for `holdout` units. lambda ~ Gamma(r, rate alpha), p ~ Beta(a, b).
    While alive, the customer waits an Exponential(lambda) time for each next purchase; right after
    each repeat purchase a coin with probability p decides whether the customer drops out for good.
    The loop advances every still-active customer by one purchase per round.
    """
    T_arr = np.broadcast_to(np.asarray(T, dtype=np.float64), (n,)).copy()
    if np.any(T_arr < 0) or holdout < 0:
        raise ValueError("T and holdout must be non-negative")
    rate = rng.gamma(shape=r, scale=1.0 / alpha, size=n)
    dropout = rng.beta(a, b, size=n)
    end = T_arr + holdout
    x = np.zeros(n, dtype=np.int64)
    x_holdout = np.zeros(n, dtype=np.int64)
    t_x = np.zeros(n)
    death_time = np.full(n, np.inf)
    clock = np.zeros(n)
    active = np.flatnonzero(rate > 0)
    while active.size:
        with np.errstate(divide="ignore", over="ignore"):
            clock[active] += rng.standard_exponential(active.size) / rate[active]
        now = clock[active]
        in_calibration = now <= T_arr[active]
        in_holdout = ~in_calibration & (now <= end[active])
        bought = active[in_calibration]
        x[bought] += 1
        t_x[bought] = now[in_calibration]
        x_holdout[active[in_holdout]] += 1
        purchased = in_calibration | in_holdout
        dies = purchased & (rng.random(active.size) < dropout[active])
        death_time[active[dies]] = now[dies]
        active = active[purchased & ~dies]
    return SimulatedCustomers(
        x=x,
        t_x=t_x,
        T=T_arr,
        purchase_rate=rate,
        dropout_probability=dropout,
        is_alive=death_time > T_arr,
        x_holdout=x_holdout,
    )


def simulate_gamma_gamma(
    x: ArrayLike, p: float, q: float, gamma: float, rng: np.random.Generator
) -> tuple[FloatArray, FloatArray]:
    """Simulate average transaction values m_x for customers with x transactions each.

    Each customer draws nu ~ Gamma(q, rate gamma), then x transaction values z ~ Gamma(p, rate nu);
    m_x is their mean (NaN where x = 0). Returns (m_x, nu); E[z | nu] = p / nu.
    """
    xa = np.asarray(x, dtype=np.int64)
    if np.any(xa < 0):
        raise ValueError("x must be non-negative")
    nu = rng.gamma(shape=q, scale=1.0 / gamma, size=xa.shape)
    owner = np.repeat(np.arange(xa.size), xa.ravel())
    values = rng.gamma(shape=p, size=owner.size) / nu.ravel()[owner]
    totals = np.bincount(owner, weights=values, minlength=xa.size).reshape(xa.shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        m_x = np.where(xa > 0, totals / xa, np.nan)
    return m_x, nu


@dataclass(frozen=True)
class GroupedSummary:
    """Distinct (x, t_x, T) rows with the number of customers in each (`weight`)."""

    x: FloatArray
    t_x: FloatArray
    T: FloatArray
    weight: FloatArray


def _ticks(values: FloatArray, resolution: float | None) -> NDArray[np.int64] | FloatArray:
    if resolution is None:
        return values
    if resolution <= 0:
        raise ValueError("resolution must be positive")
    return np.rint(values / resolution).astype(np.int64)


def group_summary(
    x: ArrayLike, t_x: ArrayLike, T: ArrayLike, resolution: float | None = None
) -> GroupedSummary:
    """Collapse per-customer (x, t_x, T) into distinct rows with customer counts.

    With `resolution` (for example 1/7 when the unit is weeks and the data are daily), t_x and T are
    first rounded to the nearest multiple of it, so customers whose histories differ by less than
    the data's precision share a row. Rounding is monotone, so t_x <= T is kept.
    """
    xa = np.asarray(x, dtype=np.int64).ravel()
    txa = np.asarray(t_x, dtype=np.float64).ravel()
    Ta = np.asarray(T, dtype=np.float64).ravel()
    if not (xa.size == txa.size == Ta.size):
        raise ValueError("x, t_x and T must have the same length")
    tx_key, T_key = _ticks(txa, resolution), _ticks(Ta, resolution)
    if resolution is not None and xa.size and min(xa.min(), tx_key.min(), T_key.min()) >= 0:
        # One int64 key per customer is much faster to sort than rows, when the ranges fit.
        tx_span, T_span = int(tx_key.max()) + 1, int(T_key.max()) + 1
        if (int(xa.max()) + 1) * tx_span * T_span < 2**62:
            key = (xa * tx_span + tx_key) * T_span + T_key
            unique, counts = np.unique(key, return_counts=True)
            T_u = unique % T_span
            tx_u = (unique // T_span) % tx_span
            x_u = unique // (T_span * tx_span)
            return GroupedSummary(
                x=x_u.astype(np.float64),
                t_x=tx_u * resolution,
                T=T_u * resolution,
                weight=counts.astype(np.float64),
            )
    rows = np.stack([xa.astype(np.float64), np.asarray(tx_key, np.float64), np.asarray(T_key, np.float64)], 1)
    unique_rows, counts = np.unique(rows, axis=0, return_counts=True)
    scale = 1.0 if resolution is None else resolution
    return GroupedSummary(
        x=unique_rows[:, 0],
        t_x=unique_rows[:, 1] * scale,
        T=unique_rows[:, 2] * scale,
        weight=counts.astype(np.float64),
    )


@dataclass(frozen=True)
class GroupedSpend:
    """Distinct (x, m_x) rows of repeat buyers with the number of customers in each (`weight`)."""

    x: FloatArray
    m_x: FloatArray
    weight: FloatArray


def group_spend(x: ArrayLike, m_x: ArrayLike, resolution: float | None = 0.01) -> GroupedSpend:
    """Collapse repeat buyers' (x, m_x) into distinct rows with counts; x = 0 rows are dropped.

    m_x is rounded to `resolution` (default 0.01, cents; at least one unit of it) first; None keeps
    exact values.
    """
    xa = np.asarray(x, dtype=np.int64).ravel()
    ma = np.asarray(m_x, dtype=np.float64).ravel()
    if xa.size != ma.size:
        raise ValueError("x and m_x must have the same length")
    repeat = xa > 0
    xa, ma = xa[repeat], ma[repeat]
    m_key = _ticks(ma, resolution)
    if resolution is not None:
        m_key = np.maximum(m_key, 1)  # a positive spend never rounds down to zero
        span = int(m_key.max()) + 1 if m_key.size else 1
        if xa.size and (int(xa.max()) + 1) * span < 2**62:
            unique, counts = np.unique(xa * span + m_key, return_counts=True)
            return GroupedSpend(
                x=(unique // span).astype(np.float64),
                m_x=(unique % span) * resolution,
                weight=counts.astype(np.float64),
            )
    rows = np.stack([xa.astype(np.float64), np.asarray(m_key, np.float64)], 1)
    unique_rows, counts = np.unique(rows, axis=0, return_counts=True)
    scale = 1.0 if resolution is None else resolution
    return GroupedSpend(x=unique_rows[:, 0], m_x=unique_rows[:, 1] * scale, weight=counts.astype(np.float64))
