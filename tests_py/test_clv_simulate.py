"""Simulators follow the generative story; grouping keeps every customer and the likelihood."""

from __future__ import annotations

import numpy as np
import pytest

from firstparty.clv import bgnbd
from firstparty.clv.simulate import group_spend, group_summary, simulate_bgnbd, simulate_gamma_gamma

CDNOW = (0.243, 4.414, 0.793, 2.426)


def test_simulated_histories_are_consistent():
    rng = np.random.default_rng(1)
    sim = simulate_bgnbd(20_000, *CDNOW, T=rng.uniform(27, 39, 20_000), rng=rng, holdout=20.0)
    assert np.all((sim.t_x >= 0) & (sim.t_x <= sim.T))
    assert np.all((sim.x == 0) == (sim.t_x == 0))
    # Dropout happens only right after a repeat purchase, so customers with none are alive at T,
    # and the dead made no purchase after T.
    assert np.all(sim.is_alive[sim.x == 0])
    assert np.all(sim.x_holdout[~sim.is_alive] == 0)
    assert 0.2 < np.mean(sim.x > 0) < 0.6
    bgnbd.as_summary(sim.x, sim.t_x, sim.T)  # passes validation


def test_same_seed_same_customers():
    a = simulate_bgnbd(1_000, *CDNOW, T=39.0, rng=np.random.default_rng(9))
    b = simulate_bgnbd(1_000, *CDNOW, T=39.0, rng=np.random.default_rng(9))
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_array_equal(a.t_x, b.t_x)


def test_purchase_counts_follow_the_individual_model():
    # Given lambda and p, a customer alive from 0 with no dropout before the first purchase has
    # E[X(t) | lambda, p] = (1 - exp(-lambda p t)) / p.
    rng = np.random.default_rng(3)
    n, lam, p, t = 100_000, 0.4, 0.1, 30.0
    sim = simulate_bgnbd(n, 1e6, 1e6 / lam, 1e6 * p, 1e6 * (1 - p), T=t, rng=rng)  # near point masses
    expected = -np.expm1(-lam * p * t) / p
    assert abs(sim.x.mean() - expected) < 4 * sim.x.std() / np.sqrt(n)


def test_grouping_keeps_every_customer_and_rounds_to_the_resolution():
    rng = np.random.default_rng(2)
    sim = simulate_bgnbd(30_000, *CDNOW, T=rng.uniform(27, 39, 30_000), rng=rng)
    grouped = group_summary(sim.x, sim.t_x, sim.T, resolution=1 / 7)
    assert grouped.weight.sum() == 30_000
    assert grouped.x.size < 15_000
    assert np.allclose(grouped.T * 7, np.round(grouped.T * 7))
    assert np.all(grouped.t_x <= grouped.T)
    assert np.dot(grouped.weight, grouped.x) == sim.x.sum()
    # the sort-by-rows path (no resolution) agrees with the packed-key path on pre-rounded data
    by_rows = group_summary(sim.x, np.round(sim.t_x * 7) / 7, np.round(sim.T * 7) / 7)
    np.testing.assert_array_equal(by_rows.weight, grouped.weight)
    np.testing.assert_allclose(by_rows.t_x, grouped.t_x)
    np.testing.assert_allclose(by_rows.T, grouped.T)


def test_group_spend_drops_non_repeat_buyers():
    x = np.array([0, 1, 1, 2, 2, 2])
    m_x = np.array([np.nan, 10.004, 9.996, 5.0, 5.0, 0.001])
    grouped = group_spend(x, m_x)
    np.testing.assert_array_equal(grouped.x, [1, 2, 2])
    np.testing.assert_allclose(grouped.m_x, [10.0, 0.01, 5.0])
    np.testing.assert_array_equal(grouped.weight, [2, 1, 2])


def test_spend_simulation_averages_individual_transactions():
    rng = np.random.default_rng(6)
    m_x, nu = simulate_gamma_gamma(np.array([0, 1, 3, 50]), 6.25, 3.74, 15.44, rng=rng)
    assert np.isnan(m_x[0]) and np.all(m_x[1:] > 0)
    assert nu.shape == (4,)
    with pytest.raises(ValueError):
        simulate_gamma_gamma(np.array([-1]), 6.25, 3.74, 15.44, rng=rng)
