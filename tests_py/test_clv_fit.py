"""Maximum-likelihood fits: parameter recovery, standard errors, grouping, units and failure reporting.

Tolerances. At the CDNOW parameters and n = 50,000 simulated customers (ages uniform on 27-39
weeks, as in CDNOW's 12-week acquisition window and 39-week calibration), the estimated standard
errors are about 1.1% (r), 1.9% (alpha), 5% (a) and 6.5% (b) of the true values, and about 4%
(p), 1.6% (q) and 5.4% (gamma) for the ~20,000 repeat buyers' spend. So each test asks for
    * |estimate - truth| < 4 SE: a correct fit fails this with probability ~6e-5 per parameter;
    * a relative error below a fixed bound (5% r, 10% alpha, 30% a, 40% b; 20% p, 8% q, 25% gamma),
      about 4.5-6 of those SEs, so a fit cannot pass the first check by reporting huge SEs;
    * SEs themselves no larger than about twice those values.
The SEs are checked separately for calibration: over 60 replicate data sets the z-scores
(estimate - truth) / SE have a standard deviation near 1 (band 0.7-1.35, about 3 sampling SDs of an SD
estimated from 60 draws) and a mean near 0.
"""

from __future__ import annotations

import numpy as np
import pytest

from firstparty.clv import bgnbd, fit_bgnbd, fit_gamma_gamma, gamma_gamma
from firstparty.clv.simulate import group_spend, group_summary, simulate_bgnbd, simulate_gamma_gamma

CDNOW = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
CDNOW_SPEND = {"p": 6.25, "q": 3.74, "gamma": 15.44}


def _simulate(n: int, seed: int):
    rng = np.random.default_rng(seed)
    sim = simulate_bgnbd(n, *CDNOW.values(), T=rng.uniform(27, 39, n), rng=rng)
    m_x, _ = simulate_gamma_gamma(sim.x, *CDNOW_SPEND.values(), rng=rng)
    return sim, m_x


@pytest.fixture(scope="module")
def cdnow_like():
    sim, m_x = _simulate(50_000, seed=2005)
    grouped = group_summary(sim.x, sim.t_x, sim.T, resolution=1 / 7)  # daily data, weeks as the unit
    spend = group_spend(sim.x, m_x)  # rounded to cents
    return sim, m_x, grouped, spend


def test_bgnbd_recovers_cdnow_parameters(cdnow_like):
    _, _, grouped, _ = cdnow_like
    result = fit_bgnbd(grouped.x, grouped.t_x, grouped.T, grouped.weight, time_unit="week")
    assert result.converged
    assert result.n_customers == 50_000
    assert result.n_groups == grouped.x.size < 25_000
    relative_bound = {"r": 0.05, "alpha": 0.10, "a": 0.30, "b": 0.40}
    largest_se = {"r": 0.022, "alpha": 0.04, "a": 0.10, "b": 0.13}
    for name, truth in CDNOW.items():
        estimate, se = result.params[name], result.standard_errors[name]
        assert abs(estimate - truth) < 4 * se, name
        assert abs(estimate / truth - 1) < relative_bound[name], name
        assert 0 < se < largest_se[name] * truth, name
    assert result.log_likelihood == pytest.approx(
        bgnbd.log_likelihood(result.params, grouped.x, grouped.t_x, grouped.T, grouped.weight)
    )
    assert result.log_likelihood > bgnbd.log_likelihood(
        CDNOW, grouped.x, grouped.t_x, grouped.T, grouped.weight
    )


def test_gamma_gamma_recovers_cdnow_parameters(cdnow_like):
    sim, _, _, spend = cdnow_like
    result = fit_gamma_gamma(spend.x, spend.m_x, spend.weight)
    assert result.converged
    assert result.n_customers == np.count_nonzero(sim.x)
    relative_bound = {"p": 0.20, "q": 0.08, "gamma": 0.25}
    largest_se = {"p": 0.08, "q": 0.035, "gamma": 0.11}
    for name, truth in CDNOW_SPEND.items():
        estimate, se = result.params[name], result.standard_errors[name]
        assert abs(estimate - truth) < 4 * se, name
        assert abs(estimate / truth - 1) < relative_bound[name], name
        assert 0 < se < largest_se[name] * truth, name
    assert result.log_likelihood == pytest.approx(
        gamma_gamma.log_likelihood(result.params, spend.x, spend.m_x, spend.weight)
    )


def test_standard_errors_are_calibrated_over_replicates():
    z_purchase, z_spend = [], []
    for seed in range(60):
        sim, m_x = _simulate(5_000, seed=10_000 + seed)
        grouped = group_summary(sim.x, sim.t_x, sim.T, resolution=1 / 7)
        purchase = fit_bgnbd(grouped.x, grouped.t_x, grouped.T, grouped.weight)
        spend = fit_gamma_gamma(sim.x, m_x)
        assert purchase.converged and spend.converged
        z_purchase.append([(purchase.params[k] - v) / purchase.standard_errors[k] for k, v in CDNOW.items()])
        z_spend.append([(spend.params[k] - v) / spend.standard_errors[k] for k, v in CDNOW_SPEND.items()])
    for z in (np.array(z_purchase), np.array(z_spend)):
        assert np.all((z.std(axis=0, ddof=1) > 0.7) & (z.std(axis=0, ddof=1) < 1.35))
        assert np.all(np.abs(z.mean(axis=0)) < 0.45)


def test_grouped_and_ungrouped_rows_give_the_same_fit():
    sim, m_x = _simulate(3_000, seed=8)
    t_x, T = np.round(sim.t_x * 7) / 7, np.round(sim.T * 7) / 7
    grouped = group_summary(sim.x, t_x, T)
    assert grouped.weight.sum() == 3_000 and grouped.x.size < 3_000
    for params in (CDNOW, {"r": 1.0, "alpha": 3.0, "a": 2.0, "b": 5.0}):
        assert bgnbd.log_likelihood(
            params, grouped.x, grouped.t_x, grouped.T, grouped.weight
        ) == pytest.approx(bgnbd.log_likelihood(params, sim.x, t_x, T), rel=1e-12)
    by_row, by_group = fit_bgnbd(sim.x, t_x, T), fit_bgnbd(grouped.x, grouped.t_x, grouped.T, grouped.weight)
    assert by_row.log_likelihood == pytest.approx(by_group.log_likelihood, rel=1e-10)
    for name in CDNOW:
        assert by_row.params[name] == pytest.approx(by_group.params[name], rel=1e-6)
        assert by_row.standard_errors[name] == pytest.approx(by_group.standard_errors[name], rel=1e-5)
    cents = np.round(m_x, 2)
    spend = group_spend(sim.x, cents, resolution=None)
    one = fit_gamma_gamma(sim.x, cents)
    many = fit_gamma_gamma(spend.x, spend.m_x, spend.weight)
    for name in CDNOW_SPEND:
        assert one.params[name] == pytest.approx(many.params[name], rel=1e-6)


def test_time_unit_rescales_alpha_only():
    # Weeks to days multiplies alpha by 7 and leaves r, a, b; the log-likelihood (a density in the
    # purchase times) moves by -sum(x) ln 7.
    sim, _ = _simulate(5_000, seed=21)
    weeks = fit_bgnbd(sim.x, sim.t_x, sim.T, time_unit="week")
    days = fit_bgnbd(sim.x, sim.t_x * 7, sim.T * 7, time_unit="day")
    assert days.params["alpha"] == pytest.approx(7 * weeks.params["alpha"], rel=1e-6)
    assert days.standard_errors["alpha"] == pytest.approx(7 * weeks.standard_errors["alpha"], rel=1e-4)
    for name in ("r", "a", "b"):
        assert days.params[name] == pytest.approx(weeks.params[name], rel=1e-6)
    assert days.log_likelihood == pytest.approx(weeks.log_likelihood - sim.x.sum() * np.log(7), rel=1e-10)


def test_fit_converges_far_from_cdnow():
    truth = {"r": 3.0, "alpha": 0.6, "a": 5.0, "b": 0.7}
    rng = np.random.default_rng(4)
    sim = simulate_bgnbd(20_000, *truth.values(), T=rng.uniform(5, 52, 20_000), rng=rng)
    result = fit_bgnbd(sim.x, sim.t_x, sim.T)
    assert result.converged
    for name, value in truth.items():
        assert abs(result.params[name] - value) < 4 * result.standard_errors[name], name


def test_unidentified_model_is_not_reported_as_converged():
    # Nobody repeats: a and b do not enter the likelihood, so the information matrix is singular.
    result = fit_bgnbd(np.zeros(100), np.zeros(100), np.full(100, 30.0))
    assert not result.converged
    # Every customer has the same spend: nu is not identified either.
    spend = fit_gamma_gamma(np.ones(50), np.full(50, 10.0))
    assert not spend.converged


def test_result_rows_follow_the_published_table_shape(cdnow_like):
    _, _, grouped, _ = cdnow_like
    result = fit_bgnbd(grouped.x, grouped.t_x, grouped.T, grouped.weight, time_unit="week")
    rows = result.rows()
    assert [row["parameter"] for row in rows] == ["r", "alpha", "a", "b"]
    assert all(row["model"] == "bgnbd" and row["time_unit"] == "week" for row in rows)
    assert all(row["is_converged"] is True and row["log_likelihood"] == result.log_likelihood for row in rows)
    assert result.covariance.shape == (4, 4)
    np.testing.assert_allclose(np.sqrt(np.diag(result.covariance)), list(result.standard_errors.values()))
