"""Gamma-Gamma spend formulas checked against numerical integration over nu and against simulation."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate, stats

from firstparty.clv import gamma_gamma
from firstparty.clv.simulate import simulate_gamma_gamma

CDNOW_SPEND = (6.25, 3.74, 15.44)  # Fader & Hardie (2013), CDNOW repeat buyers, dollars


def _over_nu(h, q: float, gamma: float) -> float:
    """Integral of h(nu) against nu ~ Gamma(q, rate gamma), split around the bulk of the density."""
    density = stats.gamma(q, scale=1.0 / gamma)
    edges = [0.0, *density.ppf([0.01, 0.5, 0.99]), np.inf]
    return sum(
        integrate.quad(lambda nu: h(nu) * density.pdf(nu), lo, hi, epsabs=0.0, epsrel=1e-11, limit=200)[0]
        for lo, hi in zip(edges[:-1], edges[1:], strict=True)
    )


def _density_given_nu(m: float, x: int, p: float, nu: float) -> float:
    # The mean of x i.i.d. Gamma(p, rate nu) values is Gamma(p x, rate nu x).
    return stats.gamma.pdf(m, p * x, scale=1.0 / (nu * x))


@pytest.mark.parametrize("params", [CDNOW_SPEND, (0.9, 1.6, 40.0)])
@pytest.mark.parametrize(("x", "m_x"), [(1, 10.0), (2, 35.5), (5, 3.2), (20, 120.0)])
def test_density_equals_integrated_conditional_density(params, x, m_x):
    p, q, gamma = params
    direct = _over_nu(lambda nu: _density_given_nu(m_x, x, p, nu), q, gamma)
    closed = np.exp(gamma_gamma.log_likelihood_per_row(params, [x], [m_x])[0])
    assert closed == pytest.approx(direct, rel=1e-8)


@pytest.mark.parametrize("x", [1, 4])
def test_density_integrates_to_one(x):
    def density(m: float) -> float:
        return float(np.exp(gamma_gamma.log_likelihood_per_row(CDNOW_SPEND, [x], [m])[0]))

    total = (
        integrate.quad(density, 0.0, 40.0, limit=200)[0] + integrate.quad(density, 40.0, np.inf, limit=200)[0]
    )
    assert total == pytest.approx(1.0, rel=1e-8)


@pytest.mark.parametrize(("x", "m_x"), [(1, 10.0), (3, 60.0), (12, 8.0)])
def test_conditional_expected_spend_equals_posterior_mean(x, m_x):
    # E[M | data] = E[p / nu | data], with the posterior of nu proportional to f(m_x | nu) g(nu).
    p, q, gamma = CDNOW_SPEND
    evidence = _over_nu(lambda nu: _density_given_nu(m_x, x, p, nu), q, gamma)
    direct = _over_nu(lambda nu: p / nu * _density_given_nu(m_x, x, p, nu), q, gamma) / evidence
    assert gamma_gamma.conditional_expected_spend(CDNOW_SPEND, [x], [m_x])[0] == pytest.approx(
        direct, rel=1e-8
    )


def test_customers_without_repeat_purchases_get_the_population_mean():
    p, q, gamma = CDNOW_SPEND
    mean = gamma_gamma.population_mean_spend(CDNOW_SPEND)
    assert mean == pytest.approx(p * gamma / (q - 1.0))
    spend = gamma_gamma.conditional_expected_spend(CDNOW_SPEND, [0, 1, 30], [np.nan, mean, mean])
    assert spend[0] == mean
    assert spend[1] == pytest.approx(mean)  # a customer who spends the mean keeps it
    assert gamma_gamma.population_mean_spend((1.0, 0.8, 5.0)) == np.inf


def test_conditional_spend_moves_from_population_mean_towards_own_average():
    mean = gamma_gamma.population_mean_spend(CDNOW_SPEND)
    x = np.arange(1, 200)
    spend = gamma_gamma.conditional_expected_spend(CDNOW_SPEND, x, np.full(x.size, 100.0))
    assert np.all(np.diff(spend) > 0) and np.all(spend > mean) and np.all(spend < 100.0)
    assert spend[-1] == pytest.approx(100.0, rel=0.01)


def test_simulated_spend_matches_the_model():
    rng = np.random.default_rng(13)
    x = rng.integers(1, 8, 200_000)
    m_x, nu = simulate_gamma_gamma(x, *CDNOW_SPEND, rng=rng)
    p, _, _ = CDNOW_SPEND
    # Each customer's mean given nu is p / nu; the population mean of p / nu is p gamma / (q - 1).
    gap = m_x - p / nu
    assert abs(gap.mean()) < 4 * gap.std() / np.sqrt(x.size)
    assert np.isnan(simulate_gamma_gamma([0, 2], *CDNOW_SPEND, rng=rng)[0][0])
    # E[p / nu] has infinite variance unless q > 2; CDNOW's q = 3.74 gives a finite one.
    own_mean = p / nu
    target = gamma_gamma.population_mean_spend(CDNOW_SPEND)
    assert abs(own_mean.mean() - target) < 4 * own_mean.std() / np.sqrt(x.size)


def test_analytic_gradient_and_hessian_match_finite_differences():
    rng = np.random.default_rng(5)
    x = rng.integers(1, 15, 300)
    m_x, _ = simulate_gamma_gamma(x, *CDNOW_SPEND, rng=rng)
    s = gamma_gamma.as_spend_summary(x, m_x, rng.integers(1, 4, 300))

    def fd(f, theta, rel=1e-6):
        out = []
        for i in range(3):
            step = np.zeros(3)
            step[i] = rel * theta[i]
            out.append((f(theta + step) - f(theta - step)) / (2 * step[i]))
        return np.array(out)

    for theta in (np.array(CDNOW_SPEND), np.array([1.2, 0.9, 50.0])):
        ll, grad, hess = gamma_gamma.log_likelihood_derivatives(theta, s)
        assert ll == pytest.approx(gamma_gamma.log_likelihood(theta, s.x, s.m_x, s.weights), rel=1e-12)
        fd_grad = fd(lambda th: gamma_gamma.log_likelihood_derivatives(th, s)[0], theta)
        fd_hess = np.stack(
            [fd(lambda th, i=i: gamma_gamma.log_likelihood_derivatives(th, s)[1][i], theta) for i in range(3)]
        )
        np.testing.assert_allclose(grad, fd_grad, rtol=1e-6, atol=1e-6 * np.abs(fd_grad).max())
        np.testing.assert_allclose(hess, fd_hess, rtol=1e-5, atol=1e-5 * np.abs(fd_hess).max())


def test_validation_rejects_rows_without_spend():
    with pytest.raises(ValueError):
        gamma_gamma.as_spend_summary([0], [10.0])
    with pytest.raises(ValueError):
        gamma_gamma.as_spend_summary([2], [0.0])
