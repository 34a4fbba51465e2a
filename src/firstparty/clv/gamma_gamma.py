"""Gamma-Gamma model of average spend per transaction, for repeat buyers.

References: P. S. Fader and B. G. S. Hardie (2013), "The Gamma-Gamma Model of Monetary Value"
(note, brucehardie.com); R. Colombo and W. Jiang (1999), "A stochastic RFM model", Journal of
Interactive Marketing 13(3). Equations below follow the note's notation.

Model: a customer's transaction values z_1, z_2, ... are i.i.d. Gamma(shape p, rate nu); nu varies
across customers as Gamma(shape q, rate gamma). Spend is assumed independent of the purchase process.
The data per customer are x >= 1 (number of transactions averaged, in our use the repeat purchases)
and m_x = (z_1 + ... + z_x) / x. Given nu, m_x ~ Gamma(p x, nu x); integrating nu out:

    f(m_x | p, q, gamma; x) = Gamma(p x + q) / (Gamma(p x) Gamma(q))
                              * gamma^q m_x^(p x - 1) x^(p x) / (gamma + m_x x)^(p x + q).

Conditional expectation of the customer's mean spend given (m_x, x), a weighted average of the
population mean and the customer's own average:

    E[M | p, q, gamma; m_x, x] = p (gamma + m_x x) / (p x + q - 1)
        = (q - 1) / (p x + q - 1) * p gamma / (q - 1) + p x / (p x + q - 1) * m_x,

and the population mean, used for customers with no repeat purchase, E[M] = p gamma / (q - 1)
(finite only for q > 1). Money is in whatever currency unit m_x is given in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

PARAMETER_NAMES: tuple[str, ...] = ("p", "q", "gamma")

FloatArray = NDArray[np.float64]


class SpendSummary(NamedTuple):
    """Validated (x, m_x, weights) of repeat buyers."""

    x: FloatArray
    m_x: FloatArray
    weights: FloatArray


def as_spend_summary(x: ArrayLike, m_x: ArrayLike, weights: ArrayLike | None = None) -> SpendSummary:
    """Check and convert repeat buyers' (x, m_x, weights): x a positive integer, m_x > 0, weights >= 0."""
    xa, ma = (np.atleast_1d(np.asarray(v, dtype=np.float64)) for v in (x, m_x))
    xa, ma = np.broadcast_arrays(xa, ma)
    if xa.ndim != 1:
        raise ValueError("x and m_x must be one-dimensional")
    wa = np.ones_like(xa) if weights is None else np.asarray(weights, dtype=np.float64)
    if wa.shape != xa.shape:
        raise ValueError("weights must have one value per row")
    if not (np.all(np.isfinite(xa)) and np.all(xa >= 1) and np.all(xa == np.round(xa))):
        raise ValueError("x must be a positive integer (only repeat buyers carry a spend observation)")
    if not (np.all(np.isfinite(ma)) and np.all(ma > 0)):
        raise ValueError("average spend m_x must be finite and positive")
    if not np.all(np.isfinite(wa)) or np.any(wa < 0):
        raise ValueError("weights must be finite and non-negative")
    return SpendSummary(np.array(xa), np.array(ma), np.array(wa))


def _unpack(params: Sequence[float] | dict[str, float]) -> tuple[float, float, float]:
    if isinstance(params, dict):
        values = tuple(float(params[name]) for name in PARAMETER_NAMES)
    else:
        values = tuple(float(v) for v in params)
    if len(values) != 3:
        raise ValueError("Gamma-Gamma takes three parameters (p, q, gamma)")
    return values  # type: ignore[return-value]


def log_likelihood_per_row(
    params: Sequence[float] | dict[str, float], x: ArrayLike, m_x: ArrayLike
) -> FloatArray:
    """ln f(m_x | p, q, gamma; x) per row (module docstring)."""
    return _derivatives(_unpack(params), as_spend_summary(x, m_x), order=0)[0]


def log_likelihood(
    params: Sequence[float] | dict[str, float], x: ArrayLike, m_x: ArrayLike, weights: ArrayLike | None = None
) -> float:
    """Sum over rows of weight * ln f(m_x | p, q, gamma; x)."""
    s = as_spend_summary(x, m_x, weights)
    return float(np.dot(s.weights, _derivatives(_unpack(params), s, order=0)[0]))


def log_likelihood_derivatives(
    params: Sequence[float] | dict[str, float], summary: SpendSummary
) -> tuple[float, FloatArray, FloatArray]:
    """Weighted log-likelihood with its analytic gradient and Hessian in (p, q, gamma).

    With s = gamma + m_x x and psi/psi1 the digamma/trigamma functions:
        d/dp     = x [psi(p x + q) - psi(p x) + ln(x m_x / s)]
        d/dq     = psi(p x + q) - psi(q) + ln(gamma / s)
        d/dgamma = q / gamma - (p x + q) / s
    and second derivatives pp = x^2 [psi1(px+q) - psi1(px)], pq = x psi1(px+q), p gamma = -x / s,
    qq = psi1(px+q) - psi1(q), q gamma = 1/gamma - 1/s, gamma gamma = -q/gamma^2 + (px+q)/s^2.
    """
    per_row, grad_rows, hess_rows = _derivatives(_unpack(params), summary, order=2)
    w = summary.weights
    return float(np.dot(w, per_row)), grad_rows @ w, np.einsum("ijn,n->ij", hess_rows, w)


def _derivatives(
    theta: tuple[float, float, float], s: SpendSummary, order: int
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Per-row ln f and, for order 1 and 2, gradient (3, n) and Hessian (3, 3, n).

    ln Gamma, digamma and trigamma of p x + q and p x are evaluated once per distinct x and indexed.
    """
    p, q, gamma = theta
    x, m = s.x, s.m_x
    levels, index = np.unique(x, return_inverse=True)
    index = index.ravel()
    pl = p * levels
    px = p * x
    total = gamma + m * x
    log_total = np.log(total)
    per_row = (
        (special.gammaln(pl + q) - special.gammaln(pl))[index]
        - special.gammaln(q)
        + q * np.log(gamma)
        + (px - 1.0) * np.log(m)
        + px * np.log(x)
        - (px + q) * log_total
    )
    if order == 0:
        return per_row, np.empty((3, 0)), np.empty((3, 3, 0))
    psi_pxq = special.digamma(pl + q)
    grad = np.stack(
        [
            x * ((psi_pxq - special.digamma(pl))[index] + np.log(x * m) - log_total),
            psi_pxq[index] - special.digamma(q) + np.log(gamma) - log_total,
            q / gamma - (px + q) / total,
        ]
    )
    if order == 1:
        return per_row, grad, np.empty((3, 3, 0))
    tri_pxq = special.polygamma(1, pl + q)
    h = np.empty((3, 3, x.size))
    h[0, 0] = x**2 * (tri_pxq - special.polygamma(1, pl))[index]
    h[0, 1] = h[1, 0] = x * tri_pxq[index]
    h[0, 2] = h[2, 0] = -x / total
    h[1, 1] = tri_pxq[index] - special.polygamma(1, q)
    h[1, 2] = h[2, 1] = 1.0 / gamma - 1.0 / total
    h[2, 2] = -q / gamma**2 + (px + q) / total**2
    return per_row, grad, h


def population_mean_spend(params: Sequence[float] | dict[str, float]) -> float:
    """E[M] = p gamma / (q - 1): the expected average spend of a customer with no spend history.

    Returns inf when q <= 1 (the mean of the mixing distribution does not exist).
    """
    p, q, gamma = _unpack(params)
    return p * gamma / (q - 1.0) if q > 1.0 else float("inf")


def conditional_expected_spend(
    params: Sequence[float] | dict[str, float], x: ArrayLike, m_x: ArrayLike
) -> FloatArray:
    """E[M | m_x, x] = p (gamma + m_x x) / (p x + q - 1) for x >= 1; the population mean for x = 0.

    m_x is ignored (may be NaN) where x = 0. Requires q > 1 for a finite answer.
    """
    p, q, gamma = _unpack(params)
    xa, ma = np.broadcast_arrays(np.asarray(x, dtype=np.float64), np.asarray(m_x, dtype=np.float64))
    if np.any(xa < 0):
        raise ValueError("x must be non-negative")
    repeat = xa > 0
    if np.any(repeat & ~(ma > 0)):
        raise ValueError("average spend m_x must be positive where x >= 1")
    safe_m = np.where(repeat, ma, 0.0)
    with np.errstate(divide="ignore"):
        individual = p * (gamma + safe_m * xa) / (p * xa + q - 1.0)
    return np.where(repeat, individual, population_mean_spend(params))
