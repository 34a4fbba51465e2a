"""BG/NBD formulas checked against direct numerical integration and against simulation.

The references integrate the individual-level model (Poisson purchases at rate lambda, dropout with
probability p after each repeat purchase) over the Gamma(r, alpha) and Beta(a, b) mixing
distributions with scipy.integrate, independently of the closed forms under test.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import integrate, special

from firstparty.clv import bgnbd

CDNOW = (0.243, 4.414, 0.793, 2.426)  # Fader, Hardie & Lee (2005), table 1, time unit weeks


def _mix(h, r: float, alpha: float, a: float, b: float, peak: float) -> float:
    """Integral of h(lambda, p) against Gamma(lambda; r, rate alpha) x Beta(p; a, b).

    The algebraic singularities of the densities at 0 (r < 1, a < 1) and 1 (b < 1) are handed to
    QUADPACK's weight="alg" rule; `peak` splits the lambda range where the integrand concentrates.
    """
    log_gamma_norm = r * np.log(alpha) - special.gammaln(r)

    def over_lambda(p: float) -> float:
        def smooth(lam: float) -> float:  # density without lambda^(r - 1)
            return h(lam, p) * np.exp(log_gamma_norm - alpha * lam)

        def dense(lam: float) -> float:
            return smooth(lam) * lam ** (r - 1.0)

        kw = {"epsabs": 0.0, "epsrel": 1e-10, "limit": 200}
        head = integrate.quad(smooth, 0.0, peak, weight="alg", wvar=(r - 1.0, 0.0), **kw)[0]
        body = integrate.quad(dense, peak, 8.0 * peak, **kw)[0]
        tail = integrate.quad(dense, 8.0 * peak, np.inf, **kw)[0]
        return head + body + tail

    value = integrate.quad(
        over_lambda, 0.0, 1.0, weight="alg", wvar=(a - 1.0, b - 1.0), epsabs=0.0, epsrel=1e-10, limit=200
    )[0]
    return value / np.exp(special.betaln(a, b))


def _alive_part(x: int, T: float):
    return lambda lam, p: (1.0 - p) ** x * lam**x * np.exp(-lam * T)


def _dead_part(x: int, t_x: float):
    if x == 0:
        return lambda lam, p: 0.0
    return lambda lam, p: p * (1.0 - p) ** (x - 1) * lam**x * np.exp(-lam * t_x)


CUSTOMERS = [(0, 0.0, 38.86), (1, 1.71, 38.86), (2, 30.43, 38.86), (7, 29.43, 35.0), (12, 6.0, 36.0)]
PARAMS = [CDNOW, (2.1, 0.7, 3.5, 0.6)]


@pytest.mark.parametrize("params", PARAMS)
@pytest.mark.parametrize(("x", "t_x", "T"), CUSTOMERS)
def test_likelihood_equals_integrated_individual_likelihood(params, x, t_x, T):
    r, alpha, a, b = params
    peak = (x + 1.0) / (alpha + t_x)

    def individual(lam: float, p: float) -> float:
        return _alive_part(x, T)(lam, p) + _dead_part(x, t_x)(lam, p)

    direct = _mix(individual, r, alpha, a, b, peak)
    closed = np.exp(bgnbd.log_likelihood_per_row(params, [x], [t_x], [T])[0])
    assert closed == pytest.approx(direct, rel=1e-9)


@pytest.mark.parametrize("params", PARAMS)
@pytest.mark.parametrize(("x", "t_x", "T"), CUSTOMERS)
def test_p_alive_equals_integrated_posterior_share(params, x, t_x, T):
    r, alpha, a, b = params
    peak = (x + 1.0) / (alpha + t_x)
    alive = _mix(_alive_part(x, T), r, alpha, a, b, peak)
    dead = _mix(_dead_part(x, t_x), r, alpha, a, b, peak) if x > 0 else 0.0
    assert bgnbd.p_alive(params, [x], [t_x], [T])[0] == pytest.approx(alive / (alive + dead), rel=1e-9)


@pytest.mark.parametrize("params", PARAMS)
@pytest.mark.parametrize(("x", "t_x", "T"), CUSTOMERS[:4])
@pytest.mark.parametrize("t", [2.0, 520.0])
def test_conditional_expectation_equals_numerical_integration(params, x, t_x, T, t):
    # An alive customer with (lambda, p) makes lambda * exp(-lambda p s) ds purchases in (s, s + ds)
    # after T, so (1 - exp(-lambda p t)) / p in (T, T + t]; weight it by the posterior.
    r, alpha, a, b = params
    peak = (x + 1.0) / (alpha + t_x)

    def future_if_alive(lam: float, p: float) -> float:
        return _alive_part(x, T)(lam, p) * (-np.expm1(-lam * p * t) / p if p > 0 else lam * t)

    likelihood = _mix(
        lambda lam, p: _alive_part(x, T)(lam, p) + _dead_part(x, t_x)(lam, p), r, alpha, a, b, peak
    )
    direct = _mix(future_if_alive, r, alpha, a, b, peak) / likelihood
    closed = bgnbd.conditional_expected_purchases(t, params, [x], [t_x], [T])[0]
    assert closed == pytest.approx(direct, rel=1e-9)


@pytest.mark.parametrize("t", [0.5, 39.0, 78.0, 520.0])
def test_unconditional_expectation_equals_numerical_integration(t):
    r, alpha, a, b = CDNOW
    direct = _mix(
        lambda lam, p: -np.expm1(-lam * p * t) / p if p > 0 else lam * t, r, alpha, a, b, 1.0 / alpha
    )
    assert bgnbd.expected_purchases(t, CDNOW) == pytest.approx(direct, rel=1e-9)


def test_closed_form_agrees_with_quadrature_over_a_wide_range():
    # Series / Euler-transformed 2F1 / interpolation near a = 1, against the adaptive-quadrature
    # guard, on random points log-uniform over wide ranges: short and very long horizons, light and
    # heavy buyers, small and large b.
    rng = np.random.default_rng(7)

    def log_uniform(low, high, size):
        return np.exp(rng.uniform(np.log(low), np.log(high), size))

    def worst_error(a_values):
        n = a_values.size
        r, alpha, b = log_uniform(0.02, 5, n), log_uniform(0.3, 80, n), log_uniform(0.3, 400, n)
        x = rng.choice([0, 1, 2, 6, 25, 100], n)
        T = rng.choice([0.0, 10.0, 39.0], n)
        t = log_uniform(0.05, 3000, n)
        worst = 0.0
        for row in range(n):
            params = (r[row], alpha[row], a_values[row], b[row])
            value = bgnbd.expected_purchases_if_alive(t[row], params, x[row], T[row])
            tau = t[row] / (alpha[row] + T[row])
            quad = bgnbd.expected_if_alive_by_quadrature(r[row] + x[row], tau, a_values[row], b[row] + x[row])
            worst = max(worst, abs(value / quad - 1.0))
        return worst

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # QUADPACK round-off notes on the flattest integrands
        assert worst_error(log_uniform(0.1, 30, 500)) < 1e-9
        # inside the |a - 1| < 1e-3 band the value is a cubic interpolation in a
        assert worst_error(1.0 + rng.uniform(-1e-3, 1e-3, 150)) < 1e-8


def test_guard_handles_hypergeometric_failure_region():
    # scipy's hyp2f1 returns nan here in both the transformed and the printed form.
    params, x, T, t = (0.121, 0.0367, 0.806, 303.5), 0, 0.0, 13330.0
    r, alpha, a, b = params
    z = t / (alpha + T + t)
    assert not np.isfinite(special.hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z))
    value = bgnbd.expected_purchases_if_alive([t / 2, t, 2 * t], params, x, T)
    assert np.all(np.isfinite(value)) and np.all(np.diff(value) > 0)
    assert value[1] == pytest.approx(bgnbd.expected_if_alive_by_quadrature(r + x, t / (alpha + T), a, b + x))


def test_log_likelihood_handles_extreme_rows():
    x = np.array([0, 1, 50, 500])
    t_x = np.array([0.0, 0.0, 38.0, 38.9])
    T = np.array([1e4, 39.0, 39.0, 39.0])
    ll = bgnbd.log_likelihood_per_row(CDNOW, x, t_x, T)
    # ln L is a log density in the purchase times (lambda^x carries units), so it can be positive.
    assert np.all(np.isfinite(ll))


def _finite_difference_gradient(f, theta, rel=1e-6):
    grad = np.zeros(len(theta))
    for i in range(len(theta)):
        h = rel * theta[i]
        up, down = np.array(theta, float), np.array(theta, float)
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / (2 * h)
    return np.array(grad)


def test_analytic_gradient_and_hessian_match_finite_differences():
    rng = np.random.default_rng(3)
    T = rng.uniform(27, 39, 400)
    sim_x = rng.poisson(1.5, 400) * (rng.random(400) < 0.5)
    t_x = np.where(sim_x > 0, T * rng.random(400), 0.0)
    s = bgnbd.as_summary(sim_x, t_x, T, rng.integers(1, 5, 400))
    for theta in (np.array(CDNOW), np.array([1.3, 9.0, 2.2, 0.7])):
        ll, grad, hess = bgnbd.log_likelihood_derivatives(theta, s)
        fd_grad = _finite_difference_gradient(lambda th: bgnbd.log_likelihood_derivatives(th, s)[0], theta)
        fd_hess = np.stack(
            [
                _finite_difference_gradient(
                    lambda th, i=i: bgnbd.log_likelihood_derivatives(th, s)[1][i], theta
                )
                for i in range(4)
            ]
        )
        assert ll == pytest.approx(bgnbd.log_likelihood(theta, s.x, s.t_x, s.T, s.weights), rel=1e-12)
        np.testing.assert_allclose(grad, fd_grad, rtol=1e-6, atol=1e-6 * np.abs(fd_grad).max())
        np.testing.assert_allclose(hess, fd_hess, rtol=1e-5, atol=1e-5 * np.abs(fd_hess).max())
        np.testing.assert_allclose(hess, hess.T)


def test_p_alive_is_a_probability_and_one_without_repeat_purchases():
    rng = np.random.default_rng(11)
    T = rng.uniform(0, 60, 5000)
    x = rng.integers(0, 40, 5000)
    t_x = np.where(x > 0, T * rng.random(5000), 0.0)
    for params in (CDNOW, (5.0, 0.1, 30.0, 0.2), (0.01, 100.0, 0.05, 500.0)):
        prob = bgnbd.p_alive(params, x, t_x, T)
        assert np.all((prob >= 0) & (prob <= 1))
        assert np.all(prob[x == 0] == 1.0)


def test_p_alive_falls_with_time_since_last_purchase():
    T = 39.0
    t_x = np.linspace(0.5, 39.0, 40)
    prob = bgnbd.p_alive(CDNOW, np.full(40, 3), t_x, np.full(40, T))
    assert np.all(np.diff(prob) > 0)  # a later last purchase (shorter silence) means more likely alive
    assert prob[-1] == pytest.approx(1.0 / (1.0 + CDNOW[2] / (CDNOW[3] + 2.0)))  # t_x = T


def test_expected_purchases_grow_with_horizon():
    horizons = np.linspace(0.0, 520.0, 200)
    unconditional = bgnbd.expected_purchases(horizons, CDNOW)
    assert unconditional[0] == 0.0
    assert np.all(np.diff(unconditional) > 0)
    customers = np.array(CUSTOMERS)
    table = bgnbd.conditional_expected_purchases(
        horizons[:, None], CDNOW, customers[:, 0], customers[:, 1], customers[:, 2]
    )
    assert table.shape == (200, len(CUSTOMERS))
    assert np.all(np.diff(table, axis=0) > 0)


def test_expectations_match_simulated_customers():
    # Law of total expectation at the true parameters, for 200k simulated customers:
    # E[X(t)] = mean purchases in (0, t]; E[P(alive | data)] = share alive at T;
    # E[E[Y(t) | data]] = mean purchases in the holdout. Each within 4 standard errors.
    from firstparty.clv.simulate import simulate_bgnbd

    rng = np.random.default_rng(2005)
    n = 200_000
    sim = simulate_bgnbd(n, *CDNOW, T=rng.uniform(27, 39, n), rng=rng, holdout=39.0)

    def within(observed, expected):
        gap = observed - expected
        assert abs(gap.mean()) < 4 * gap.std() / np.sqrt(n)

    within(sim.is_alive.astype(float), bgnbd.p_alive(CDNOW, sim.x, sim.t_x, sim.T))
    within(
        sim.x_holdout.astype(float), bgnbd.conditional_expected_purchases(39.0, CDNOW, sim.x, sim.t_x, sim.T)
    )
    fixed = simulate_bgnbd(n, *CDNOW, T=39.0, rng=rng)
    within(fixed.x.astype(float), np.full(n, bgnbd.expected_purchases(39.0, CDNOW)))


def test_validation_rejects_impossible_summaries():
    with pytest.raises(ValueError):
        bgnbd.as_summary([1], [5.0], [4.0])  # t_x > T
    with pytest.raises(ValueError):
        bgnbd.as_summary([0], [1.0], [4.0])  # recency without a repeat purchase
    with pytest.raises(ValueError):
        bgnbd.as_summary([1.5], [1.0], [4.0])  # fractional count
    with pytest.raises(ValueError):
        bgnbd.as_summary([1], [1.0], [4.0], [-1.0])  # negative weight
