"""Maximum-likelihood fits of the BG/NBD and Gamma-Gamma models on grouped summaries.

Entry points: `fit_bgnbd(x, t_x, T, weights)` and `fit_gamma_gamma(x, m_x, weights)`, each returning a
`FitResult`. Rows are groups of identical customers with a weight (customer count), so a fit costs
time in the number of distinct groups, not customers.

Method, shared by both models:
    * the parameters (all positive) are optimised on the log scale, phi = ln theta, by scipy's
      trust-region Newton method ("trust-exact") using the analytic gradient and Hessian of the
      log-likelihood (chain rule: d/dphi = theta * d/dtheta; d2/dphi2 = theta theta' * H + diag(theta * g));
      the objective is minus the log-likelihood divided by the total weight, so tolerances do not
      depend on the number of customers;
    * a few fixed, data-scaled starting points are tried in turn until one converges; iterations are
      bounded (`max_iterations` per start);
    * standard errors are the square roots of the diagonal of the inverse of the negative Hessian of
      the log-likelihood at the optimum, on the natural scale (the observed information). At the
      optimum this equals the delta-method transform of the log-scale covariance, because the
      gradient term vanishes there;
    * `converged` is true only when the optimiser reports success AND the Hessian is finite and
      negative definite AND every standard error is finite.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize

from firstparty.clv import bgnbd, gamma_gamma

Derivatives = Callable[[NDArray[np.float64]], tuple[float, NDArray[np.float64], NDArray[np.float64]]]


@dataclass(frozen=True)
class FitResult:
    """Outcome of one maximum-likelihood fit.

    params / standard_errors are keyed by parameter name on the natural scale; covariance is the
    inverse observed information in the same order as `params`. log_likelihood is the weighted total
    at the estimate. n_customers is the sum of weights, n_groups the number of rows with weight > 0.
    """

    model: str
    params: dict[str, float]
    standard_errors: dict[str, float]
    log_likelihood: float
    converged: bool
    n_iterations: int
    n_customers: float
    n_groups: int
    time_unit: str | None
    message: str
    covariance: NDArray[np.float64] = field(repr=False)

    def rows(self) -> list[dict[str, object]]:
        """One dict per parameter, in the long shape the published fit table uses."""
        return [
            {
                "model": self.model,
                "parameter": name,
                "value": value,
                "standard_error": self.standard_errors[name],
                "log_likelihood": self.log_likelihood,
                "is_converged": self.converged,
                "time_unit": self.time_unit,
            }
            for name, value in self.params.items()
        ]


def fit_bgnbd(
    x: ArrayLike,
    t_x: ArrayLike,
    T: ArrayLike,
    weights: ArrayLike | None = None,
    *,
    time_unit: str | None = None,
    max_iterations: int = 200,
) -> FitResult:
    """Fit the BG/NBD model (r, alpha, a, b) by maximum likelihood.

    x: repeat purchases (distinct purchase days after the first); t_x: time of the last repeat
    purchase since the first purchase (0 when x = 0); T: calibration end minus first purchase;
    weights: number of customers each row stands for (default 1). t_x and T are in one time unit
    (`time_unit`, recorded in the result only); alpha is estimated in that unit.
    The log-likelihood is FHL (2005) eq. 6, see `firstparty.clv.bgnbd`.
    """
    s = bgnbd.as_summary(x, t_x, T, weights)
    keep = s.weights > 0
    s = bgnbd.as_summary(s.x[keep], s.t_x[keep], s.T[keep], s.weights[keep])
    if s.x.size == 0:
        raise ValueError("no customers to fit")
    total = float(s.weights.sum())
    mean_x = float(np.dot(s.weights, s.x)) / total
    mean_T = max(float(np.dot(s.weights, s.T)) / total, 1e-9)
    # lambda = r / alpha starts at the naive rate mean(x) / mean(T) (plus one purchase so it is > 0).
    alpha0 = mean_T / (mean_x + 1.0)
    starts = [
        (1.0, alpha0, 1.0, 2.0),
        (0.5, alpha0 / 2.0, 0.5, 5.0),
        (2.0, alpha0 * 2.0, 2.0, 1.0),
    ]
    return _fit(
        model="bgnbd",
        names=bgnbd.PARAMETER_NAMES,
        derivatives=lambda theta: bgnbd.log_likelihood_derivatives(theta, s),
        starts=starts,
        total_weight=total,
        n_groups=int(s.x.size),
        time_unit=time_unit,
        max_iterations=max_iterations,
    )


def fit_gamma_gamma(
    x: ArrayLike,
    m_x: ArrayLike,
    weights: ArrayLike | None = None,
    *,
    max_iterations: int = 200,
) -> FitResult:
    """Fit the Gamma-Gamma spend model (p, q, gamma) by maximum likelihood on repeat buyers.

    x: number of transactions averaged (repeat purchases); m_x: their average value; weights: number
    of customers each row stands for. Rows with x = 0 or weight 0 carry no spend information and are
    dropped before fitting; every remaining row needs m_x > 0. Density: Fader & Hardie (2013),
    see `firstparty.clv.gamma_gamma`.
    """
    xa = np.atleast_1d(np.asarray(x, dtype=np.float64))
    ma = np.atleast_1d(np.asarray(m_x, dtype=np.float64))
    wa = np.ones_like(xa) if weights is None else np.atleast_1d(np.asarray(weights, dtype=np.float64))
    keep = (xa > 0) & (wa > 0)
    s = gamma_gamma.as_spend_summary(xa[keep], ma[keep], wa[keep])
    if s.x.size == 0:
        raise ValueError("no repeat buyers to fit")
    total = float(s.weights.sum())
    mean_m = float(np.dot(s.weights, s.m_x)) / total
    # Each start puts the population mean p gamma / (q - 1) at the observed mean spend.
    starts = [(1.0, 2.0, mean_m), (5.0, 5.0, mean_m * 4.0 / 5.0), (0.5, 1.5, mean_m)]
    return _fit(
        model="gamma_gamma",
        names=gamma_gamma.PARAMETER_NAMES,
        derivatives=lambda theta: gamma_gamma.log_likelihood_derivatives(theta, s),
        starts=starts,
        total_weight=total,
        n_groups=int(s.x.size),
        time_unit=None,
        max_iterations=max_iterations,
    )


class _LogScaleObjective:
    """-lnL / W and its derivatives in phi = ln theta, caching the last evaluation."""

    def __init__(self, derivatives: Derivatives, total_weight: float) -> None:
        self._derivatives = derivatives
        self._scale = 1.0 / total_weight
        self._phi: NDArray[np.float64] | None = None
        self._value: tuple[float, NDArray[np.float64], NDArray[np.float64]] = (0.0, np.empty(0), np.empty(0))

    def _evaluate(self, phi: NDArray[np.float64]) -> tuple[float, NDArray[np.float64], NDArray[np.float64]]:
        if self._phi is None or not np.array_equal(phi, self._phi):
            theta = np.exp(phi)
            with np.errstate(all="ignore"):
                ll, grad, hess = self._derivatives(theta)
                value = -ll * self._scale
                g = -(theta * grad) * self._scale
                h = -(np.outer(theta, theta) * hess + np.diag(theta * grad)) * self._scale
            if not np.isfinite(value):
                value = np.inf
            self._phi = phi.copy()
            self._value = (value, g, h)
        return self._value

    def fun(self, phi: NDArray[np.float64]) -> float:
        return self._evaluate(phi)[0]

    def jac(self, phi: NDArray[np.float64]) -> NDArray[np.float64]:
        return self._evaluate(phi)[1]

    def hess(self, phi: NDArray[np.float64]) -> NDArray[np.float64]:
        return self._evaluate(phi)[2]


def _fit(
    *,
    model: str,
    names: Sequence[str],
    derivatives: Derivatives,
    starts: Sequence[Sequence[float]],
    total_weight: float,
    n_groups: int,
    time_unit: str | None,
    max_iterations: int,
) -> FitResult:
    objective = _LogScaleObjective(derivatives, total_weight)
    best: optimize.OptimizeResult | None = None
    for start in starts:
        try:
            attempt = optimize.minimize(
                objective.fun,
                np.log(np.asarray(start, dtype=np.float64)),
                jac=objective.jac,
                hess=objective.hess,
                method="trust-exact",
                options={"maxiter": max_iterations, "gtol": 1e-8},
            )
        except (np.linalg.LinAlgError, ValueError) as error:  # a non-finite step inside the solver
            attempt = optimize.OptimizeResult(
                x=np.log(np.asarray(start, dtype=np.float64)),
                fun=np.inf,
                success=False,
                nit=0,
                message=str(error),
            )
        if (
            best is None
            or (attempt.success and not best.success)
            or (attempt.success == best.success and attempt.fun < best.fun)
        ):
            best = attempt
        if attempt.success:
            break
    assert best is not None
    theta = np.exp(best.x)
    with np.errstate(all="ignore"):
        ll, _, hess = derivatives(theta)
    covariance = np.full((len(names), len(names)), np.nan)
    information_ok = bool(np.all(np.isfinite(hess)))
    if information_ok:
        try:
            np.linalg.cholesky(-hess)  # negative definite Hessian: a proper maximum
            covariance = np.linalg.inv(-hess)
        except np.linalg.LinAlgError:
            information_ok = False
    variances = np.diag(covariance)
    standard_errors = np.sqrt(np.where(variances > 0, variances, np.nan))
    converged = bool(best.success) and information_ok and bool(np.all(np.isfinite(standard_errors)))
    return FitResult(
        model=model,
        params={name: float(v) for name, v in zip(names, theta, strict=True)},
        standard_errors={name: float(v) for name, v in zip(names, standard_errors, strict=True)},
        log_likelihood=float(ll),
        converged=converged,
        n_iterations=int(best.nit),
        n_customers=total_weight,
        n_groups=n_groups,
        time_unit=time_unit,
        message=str(best.message),
        covariance=covariance,
    )
