"""BG/NBD purchase model on grouped recency/frequency summaries.

References: P. S. Fader, B. G. S. Hardie and K. L. Lee (2005), "'Counting Your Customers' the Easy Way:
An Alternative to the Pareto/NBD Model", Marketing Science 24(2), 275-284 (equations cited below as
FHL (n)); and Fader, Hardie & Lee (2008), "Computing P(alive) using the BG/NBD model".

Model, for one customer observed from the first purchase (time 0) to the end of calibration (time T):
    * while alive, repeat purchases follow a Poisson process with rate lambda;
    * right after each repeat purchase the customer drops out with probability p
      (not after the first purchase at time 0, so a customer with no repeat purchase is alive);
    * lambda ~ Gamma(shape r, rate alpha) and p ~ Beta(a, b) across customers, independently.

Summary statistics per customer (or per group of identical customers):
    x    number of repeat purchases in (0, T] (counted in distinct purchase days in our data),
    t_x  time of the last repeat purchase since the first purchase (0 when x = 0),
    T    time from the first purchase to the end of calibration.

Time unit: t_x, T and every horizon t share one unit (for example weeks = days / 7); alpha is then in
that unit and lambda = r / alpha is a rate per unit. Nothing here knows the unit: the caller declares it.

Likelihood (FHL (6)), with B the Beta function:
    L(r, alpha, a, b | x, t_x, T) = Gamma(r + x) alpha^r / Gamma(r)
        * [ B(a, b + x) / B(a, b) / (alpha + T)^(r + x)
            + 1{x > 0} B(a + 1, b + x - 1) / B(a, b) / (alpha + t_x)^(r + x) ]
The two bracketed terms are "still alive at T" and "dropped out right after the purchase at t_x";
they are added in log space (log-sum-exp, with ln Gamma and ln B), so nothing overflows for heavy
buyers or long ages (the failure described in Fader & Hardie's 2013 note "Overcoming the BG/NBD
model's #NUM! error problem"); the second term is absent when x = 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import integrate, special

PARAMETER_NAMES: tuple[str, ...] = ("r", "alpha", "a", "b")

FloatArray = NDArray[np.float64]


class Summary(NamedTuple):
    """Validated recency/frequency arrays of equal length."""

    x: FloatArray
    t_x: FloatArray
    T: FloatArray
    weights: FloatArray
    x_levels: FloatArray  # distinct values of x
    x_index: NDArray[np.intp]  # x == x_levels[x_index]


def as_summary(x: ArrayLike, t_x: ArrayLike, T: ArrayLike, weights: ArrayLike | None = None) -> Summary:
    """Check and convert (x, t_x, T, weights) to float arrays of one length.

    Raises ValueError unless x is a non-negative integer count, 0 <= t_x <= T, t_x = 0 where x = 0,
    and weights (default 1 per row) are finite and non-negative.
    """
    xa, txa, Ta = (np.atleast_1d(np.asarray(v, dtype=np.float64)) for v in (x, t_x, T))
    xa, txa, Ta = np.broadcast_arrays(xa, txa, Ta)
    if xa.ndim != 1:
        raise ValueError("x, t_x and T must be one-dimensional")
    wa = np.ones_like(xa) if weights is None else np.asarray(weights, dtype=np.float64)
    if wa.shape != xa.shape:
        raise ValueError("weights must have one value per row")
    if not (np.all(np.isfinite(xa)) and np.all(np.isfinite(txa)) and np.all(np.isfinite(Ta))):
        raise ValueError("x, t_x and T must be finite")
    if np.any(xa < 0) or np.any(xa != np.round(xa)):
        raise ValueError("x must be a non-negative integer count of repeat purchases")
    if np.any(txa < 0) or np.any(txa > Ta):
        raise ValueError("recency must satisfy 0 <= t_x <= T")
    if np.any((xa == 0) & (txa != 0)):
        raise ValueError("t_x must be 0 for customers with no repeat purchase (x = 0)")
    if not np.all(np.isfinite(wa)) or np.any(wa < 0):
        raise ValueError("weights must be finite and non-negative")
    levels, index = np.unique(xa, return_inverse=True)
    return Summary(np.array(xa), np.array(txa), np.array(Ta), np.array(wa), levels, index.ravel())


def _unpack(params: Sequence[float] | dict[str, float]) -> tuple[float, float, float, float]:
    if isinstance(params, dict):
        values = tuple(float(params[name]) for name in PARAMETER_NAMES)
    else:
        values = tuple(float(v) for v in params)
    if len(values) != 4:
        raise ValueError("BG/NBD takes four parameters (r, alpha, a, b)")
    return values  # type: ignore[return-value]


def log_likelihood_per_row(
    params: Sequence[float] | dict[str, float], x: ArrayLike, t_x: ArrayLike, T: ArrayLike
) -> FloatArray:
    """ln L(r, alpha, a, b | x, t_x, T) of one customer per row (FHL (6), see module docstring)."""
    s = as_summary(x, t_x, T)
    return _derivatives(_unpack(params), s, order=0)[0]


def log_likelihood(
    params: Sequence[float] | dict[str, float],
    x: ArrayLike,
    t_x: ArrayLike,
    T: ArrayLike,
    weights: ArrayLike | None = None,
) -> float:
    """Sum over rows of weight * ln L: the log-likelihood of all customers the rows stand for."""
    s = as_summary(x, t_x, T, weights)
    return float(np.dot(s.weights, _derivatives(_unpack(params), s, order=0)[0]))


def log_likelihood_derivatives(
    params: Sequence[float] | dict[str, float], summary: Summary
) -> tuple[float, FloatArray, FloatArray]:
    """Weighted log-likelihood, its gradient and Hessian in (r, alpha, a, b) on the natural scale.

    Analytic: with c = ln Gamma(r+x) - ln Gamma(r) + r ln alpha, u1/u2 the logs of the two bracketed
    terms (before dividing by B(a, b)) and w_i = exp(u_i - logsumexp(u1, u2)),
        d lnL = dc + w1 du1 + w2 du2 - d ln B(a, b)
        d2 lnL = d2c + w1 d2u1 + w2 d2u2 + w1 w2 (du1 - du2)(du1 - du2)' - d2 ln B(a, b),
    using digamma/trigamma for the derivatives of ln Gamma and ln B.
    """
    per_row, grad_rows, hess_rows = _derivatives(_unpack(params), summary, order=2)
    w = summary.weights
    return (
        float(np.dot(w, per_row)),
        grad_rows @ w,
        np.einsum("ijn,n->ij", hess_rows, w),
    )


def _derivatives(
    theta: tuple[float, float, float, float], s: Summary, order: int
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Per-row ln L and, for order >= 1 and 2, per-row gradient (4, n) and Hessian (4, 4, n).

    Special functions of x alone (ln Gamma, ln B, digamma, trigamma) are evaluated once per distinct
    x and indexed, because grouped data have many rows but few distinct purchase counts.
    """
    r, alpha, a, b = theta
    x, t_x, T = s.x, s.t_x, s.T
    levels, index = s.x_levels, s.x_index
    repeat = x > 0
    rx = r + x
    log_aT = np.log(alpha + T)
    log_atx = np.log(alpha + t_x)
    # b + x - 1 > 0 whenever x >= 1; x = 0 uses a harmless placeholder and is masked out.
    lv_repeat = levels > 0
    lv_bx1 = np.where(lv_repeat, b + levels - 1.0, 1.0)

    def by_x(values: FloatArray) -> FloatArray:
        return values[index]

    c = by_x(special.gammaln(r + levels) - special.gammaln(r)) + r * np.log(alpha)
    u1 = by_x(special.betaln(a, b + levels)) - rx * log_aT
    u2 = np.where(repeat, by_x(special.betaln(a + 1.0, lv_bx1)) - rx * log_atx, -np.inf)
    lse = np.logaddexp(u1, u2)
    per_row = c + lse - special.betaln(a, b)
    if order == 0:
        return per_row, np.empty((4, 0)), np.empty((4, 0, 0))

    w1 = np.exp(u1 - lse)
    w2 = np.where(repeat, np.exp(u2 - lse), 0.0)
    n = x.size
    psi_abx = special.digamma(a + b + levels)
    dc_r = by_x(special.digamma(r + levels) - special.digamma(r)) + np.log(alpha)
    du1_a = by_x(special.digamma(a) - psi_abx)
    du1_b = by_x(special.digamma(b + levels) - psi_abx)
    du2_a = by_x(np.where(lv_repeat, special.digamma(a + 1.0) - psi_abx, 0.0))
    du2_b = by_x(np.where(lv_repeat, special.digamma(lv_bx1) - psi_abx, 0.0))
    du1 = np.stack([-log_aT, -rx / (alpha + T), du1_a, du1_b])
    du2 = np.where(repeat, np.stack([-log_atx, -rx / (alpha + t_x), du2_a, du2_b]), 0.0)
    dB = np.array(
        [0.0, 0.0, special.digamma(a) - special.digamma(a + b), special.digamma(b) - special.digamma(a + b)]
    )
    grad = w1 * du1 + w2 * du2 - dB[:, None]
    grad[0] += dc_r
    grad[1] += r / alpha
    if order == 1:
        return per_row, grad, np.empty((4, 4, 0))

    tri_abx = special.polygamma(1, a + b + levels)
    tri_bx1 = np.where(lv_repeat, special.polygamma(1, lv_bx1), 0.0)
    h = np.zeros((4, 4, n))
    # c = ln Gamma(r + x) - ln Gamma(r) + r ln alpha: only r and alpha
    h[0, 0] = by_x(special.polygamma(1, r + levels) - special.polygamma(1, r))
    h[0, 1] = 1.0 / alpha - w1 / (alpha + T) - w2 / (alpha + t_x)
    h[1, 1] = -r / alpha**2 + w1 * rx / (alpha + T) ** 2 + w2 * rx / (alpha + t_x) ** 2
    h[2, 2] = w1 * by_x(special.polygamma(1, a) - tri_abx) + w2 * by_x(
        special.polygamma(1, a + 1.0) - tri_abx
    )
    h[2, 3] = -(w1 + w2) * by_x(tri_abx)
    h[3, 3] = w1 * by_x(special.polygamma(1, b + levels) - tri_abx) + w2 * by_x(tri_bx1 - tri_abx)
    # minus ln B(a, b)
    tri_ab = special.polygamma(1, a + b)
    h[2, 2] -= special.polygamma(1, a) - tri_ab
    h[2, 3] += tri_ab
    h[3, 3] -= special.polygamma(1, b) - tri_ab
    for i in range(4):
        for j in range(i):
            h[i, j] = h[j, i]
    # curvature of log-sum-exp: w1 w2 (du1 - du2)(du1 - du2)'
    diff = du1 - du2
    h += (w1 * w2) * diff[:, None, :] * diff[None, :, :]
    return per_row, grad, h


def p_alive(
    params: Sequence[float] | dict[str, float], x: ArrayLike, t_x: ArrayLike, T: ArrayLike
) -> FloatArray:
    """P(alive at T | x, t_x, T), FHL (2008):

        P(alive) = 1 / (1 + 1{x > 0} * a / (b + x - 1) * ((alpha + T) / (alpha + t_x))^(r + x)).

    For x = 0 this is exactly 1: in the BG/NBD a customer can drop out only right after a repeat
    purchase, so one who has made none is alive by the model's definition (a known property of the
    model, not a numerical shortcut). Computed as a logistic of the log odds, so it stays in [0, 1].
    """
    r, alpha, a, b = _unpack(params)
    s = as_summary(x, t_x, T)
    repeat = s.x > 0
    log_odds_dead = (
        np.log(a)
        - np.log(np.where(repeat, b + s.x - 1.0, 1.0))
        + (r + s.x) * (np.log(alpha + s.T) - np.log(alpha + s.t_x))
    )
    return np.where(repeat, special.expit(-log_odds_dead), 1.0)


# Within this distance of a = 1 the closed form (a+b+x-1)/(a-1) * [...] loses digits to cancellation
# (a = 1 is a removable singularity); it is then interpolated by the cubic in a through its values at
# a = 1 -/+ this distance and 1 -/+ twice it (relative error below ~1e-8 in our checks).
_A_NEAR_ONE = 1e-3
_A_NODES = 1.0 + _A_NEAR_ONE * np.array([-2.0, -1.0, 1.0, 2.0])
# The power series in tau is used where the ratio of its successive terms never exceeds this.
_SERIES_MAX_RATIO = 0.25
_SERIES_TERMS = 40


def _expected_if_alive_series(
    k: FloatArray, tau: FloatArray, a: float, bx: FloatArray
) -> tuple[FloatArray, NDArray[np.bool_]]:
    """Power series of E_p[(1 - (1 + p tau)^-k) / p], p ~ Beta(a, bx), and where it is usable.

    Expanding (1 + p tau)^-k binomially and using E[p^m] = (a)_m / (a + bx)_m:
        E = k tau * sum_{m>=0} c_m,  c_0 = 1,
        c_{m+1} / c_m = -(k + m + 1)(a + m) tau / ((a + bx + m)(m + 2)).
    A row is usable when every ratio up to convergence is at most 1/4 in size (so tau <= 1/4): the
    terms then alternate and shrink geometrically and the sum is accurate to rounding. This covers
    short horizons, where the hypergeometric closed form cancels (when b + x is much larger than r + x).
    """
    usable = np.zeros(k.size, dtype=bool)
    total = np.zeros(k.size)
    rows = np.flatnonzero(tau <= _SERIES_MAX_RATIO)
    kk, tt, bb = k[rows], tau[rows], bx[rows]
    term, acc = np.ones(rows.size), np.ones(rows.size)
    for m in range(_SERIES_TERMS):
        ratio = -(kk + m + 1.0) * (a + m) * tt / ((a + bb + m) * (m + 2.0))
        keep = np.abs(ratio) <= _SERIES_MAX_RATIO
        term = term * ratio
        acc = acc + term
        done = keep & (np.abs(term) <= 1e-17 * np.abs(acc))
        usable[rows[done]] = True
        total[rows[done]] = acc[done]
        going = keep & ~done
        if not np.any(going):
            break
        rows, kk, tt, bb, term, acc = rows[going], kk[going], tt[going], bb[going], term[going], acc[going]
    return k * tau * total, usable


def _expected_if_alive_closed_form(
    t: FloatArray, r: float, alpha: float, a: float, b: float, x: FloatArray, T: FloatArray
) -> tuple[FloatArray, NDArray[np.bool_]]:
    """Hypergeometric form (Euler-transformed, then as printed) and a mask of rows where it is usable."""
    with np.errstate(all="ignore"):
        log_one_minus_z = np.log(alpha + T) - np.log(alpha + T + t)
        z = t / (alpha + T + t)
        upper = (r + x) * t / (alpha + T)
        scale = (a + b + x - 1.0) / (a - 1.0)
        # Euler form: 1 - (1 - z)^(a-1) F = (1 - (1 - z)^(a-1)) + (1 - z)^(a-1) (1 - F)
        shrink = np.exp((a - 1.0) * log_one_minus_z)
        f = special.hyp2f1(a + b - 1.0 - r, a - 1.0, a + b + x - 1.0, z)
        value = scale * (-np.expm1((a - 1.0) * log_one_minus_z) + shrink * (1.0 - f))
        ok = np.isfinite(value) & (value >= -1e-12 * upper) & (value <= upper * (1.0 + 1e-10))
        if not np.all(ok):
            retry = ~ok
            direct = special.hyp2f1(r + x[retry], b + x[retry], a + b + x[retry] - 1.0, z[retry])
            value[retry] = scale[retry] * (1.0 - np.exp((r + x[retry]) * log_one_minus_z[retry]) * direct)
            ok = np.isfinite(value) & (value >= -1e-12 * upper) & (value <= upper * (1.0 + 1e-10))
    return np.clip(np.where(ok, value, 0.0), 0.0, upper), ok


def expected_purchases_if_alive(
    t: ArrayLike, params: Sequence[float] | dict[str, float], x: ArrayLike, T: ArrayLike
) -> FloatArray:
    """E[Y(t) | alive at T, x, T]: expected repeat purchases in (T, T + t] of a customer alive at T.

    Given alive at T, the posterior is lambda ~ Gamma(r + x, alpha + T), p ~ Beta(a, b + x), and an
    alive customer with (lambda, p) buys (1 - exp(-lambda p t)) / p times in the next t units on
    average, so E = E_p[(1 - (1 + p tau)^-(r + x)) / p] with tau = t / (alpha + T). In closed form
    (FHL (10) without the P(alive) factor), with z = t / (alpha + T + t):

        (a + b + x - 1) / (a - 1) * [1 - ((alpha + T) / (alpha + T + t))^(r + x)
                                         * 2F1(r + x, b + x; a + b + x - 1; z)],

    evaluated after Euler's transformation 2F1(A, B; C; z) = (1 - z)^(C - A - B) 2F1(C - A, C - B; C; z)
    as

        (a + b + x - 1) / (a - 1) * [1 - (1 - z)^(a - 1) * 2F1(a + b - 1 - r, a - 1; a + b + x - 1; z)],

    whose second parameter a - 1 does not grow with x and whose series converges at z = 1 whenever
    C - A - B = r + x + 1 - a > 0, the region where the untransformed 2F1 is largest and least accurate.
    Evaluation, row by row, first that applies:
      1. short horizons: the alternating power series in tau (`_expected_if_alive_series`);
      2. the Euler form above, then the untransformed form, accepted where finite and within the bounds
         0 <= E <= (r + x) tau that hold for every p; for |a - 1| < 1e-3 the value is the cubic
         interpolant in a through a = 1 -/+ 1e-3 and 1 -/+ 2e-3 (a = 1 is a removable singularity);
      3. adaptive quadrature over p (`expected_if_alive_by_quadrature`; slow, per row).
    """
    r, alpha, a, b = _unpack(params)
    tt, xx, TT = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64) for v in (t, x, T)))
    if np.any(tt < 0):
        raise ValueError("horizon t must be non-negative")
    out_shape = tt.shape
    tt, xx, TT = tt.ravel(), xx.ravel(), TT.ravel()
    k, tau, bx = r + xx, tt / (alpha + TT), b + xx
    result = np.zeros_like(tt)
    todo = tt > 0
    if np.any(todo):
        series, usable = _expected_if_alive_series(k[todo], tau[todo], a, bx[todo])
        rows = np.flatnonzero(todo)
        result[rows[usable]] = series[usable]
        todo[rows[usable]] = False
    if np.any(todo):
        args = (tt[todo], r, alpha)
        if abs(a - 1.0) >= _A_NEAR_ONE:
            closed, ok = _expected_if_alive_closed_form(*args, a, b, xx[todo], TT[todo])
        else:
            closed, ok = np.zeros(args[0].size), np.ones(args[0].size, dtype=bool)
            for i, node in enumerate(_A_NODES):
                others = np.delete(_A_NODES, i)
                lagrange = float(np.prod((a - others) / (node - others)))
                value, node_ok = _expected_if_alive_closed_form(*args, float(node), b, xx[todo], TT[todo])
                closed, ok = closed + lagrange * value, ok & node_ok
        rows = np.flatnonzero(todo)
        result[rows[ok]] = closed[ok]
        todo[rows[ok]] = False
    for row in np.flatnonzero(todo):
        result[row] = expected_if_alive_by_quadrature(k[row], tau[row], a, bx[row])
    return result.reshape(out_shape)


def expected_if_alive_by_quadrature(k: float, tau: float, a: float, bx: float) -> float:
    """E over p ~ Beta(a, bx) of (1 - (1 + p tau)^-k) / p, by adaptive quadrature (scipy.integrate.quad).

    The Beta weight is handled by QUADPACK's algebraic-singularity rule when a or bx is below 2, else
    integrated as a density with break points around its mean; the integrand varies on the scale
    p ~ 1 / tau, which adaptive bisection resolves. Used as the guard of the closed form.
    """

    def integrand(p: float) -> float:
        return float(-np.expm1(-k * np.log1p(p * tau)) / p) if p > 0 else k * tau

    if a < 2.0 or bx < 2.0:
        value, _ = integrate.quad(
            integrand, 0.0, 1.0, weight="alg", wvar=(a - 1.0, bx - 1.0), epsabs=0.0, epsrel=1e-11, limit=500
        )
        return float(value / np.exp(special.betaln(a, bx)))
    mean = a / (a + bx)
    sd = np.sqrt(a * bx / ((a + bx) ** 2 * (a + bx + 1.0)))
    points = sorted(
        {float(np.clip(mean + j * sd, 1e-300, 1.0 - 1e-16)) for j in (-8, -4, -2, -1, 0, 1, 2, 4, 8)}
    )
    log_norm = special.betaln(a, bx)

    def weighted(p: float) -> float:
        if p <= 0.0 or p >= 1.0:
            return 0.0
        return integrand(p) * float(np.exp((a - 1.0) * np.log(p) + (bx - 1.0) * np.log1p(-p) - log_norm))

    value, _ = integrate.quad(weighted, 0.0, 1.0, points=points, epsabs=0.0, epsrel=1e-11, limit=1000)
    return float(value)


def conditional_expected_purchases(
    t: ArrayLike,
    params: Sequence[float] | dict[str, float],
    x: ArrayLike,
    t_x: ArrayLike,
    T: ArrayLike,
) -> FloatArray:
    """E[Y(t) | x, t_x, T]: expected repeat purchases in (T, T + t], FHL (10).

        E[Y(t) | x, t_x, T] = P(alive | x, t_x, T) * E[Y(t) | alive at T, x, T]

    (see `p_alive` and `expected_purchases_if_alive`). t broadcasts against the customer rows, so
    t of shape (H, 1) with rows of shape (n,) gives an (H, n) table.
    """
    s = as_summary(x, t_x, T)
    alive = p_alive(params, s.x, s.t_x, s.T)
    return alive * expected_purchases_if_alive(t, params, s.x, s.T)


def expected_purchases(t: ArrayLike, params: Sequence[float] | dict[str, float]) -> FloatArray:
    """E[X(t)]: expected repeat purchases in (0, t] of a customer just acquired, FHL (9):

        E[X(t)] = (a + b - 1) / (a - 1)
                  * [1 - (alpha / (alpha + t))^r * 2F1(r, b; a + b - 1; t / (alpha + t))],

    which is the conditional expectation at x = t_x = T = 0 and is computed that way.
    """
    tt = np.asarray(t, dtype=np.float64)
    return expected_purchases_if_alive(tt, params, np.zeros_like(tt), np.zeros_like(tt))
