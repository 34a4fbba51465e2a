"""Discounted CLV: the vectorised sum against a plain loop, and its monotonicity in rate and horizon."""

from __future__ import annotations

import numpy as np
import pytest

from firstparty.clv import bgnbd, conditional_expected_spend, discounted_clv, lifetime_value

CDNOW = (0.243, 4.414, 0.793, 2.426)
CDNOW_SPEND = (6.25, 3.74, 15.44)
X = np.array([0, 1, 2, 7, 12, 3])
T_X = np.array([0.0, 1.71, 30.43, 29.43, 6.0, 38.0])
T = np.array([38.86, 38.86, 38.86, 35.0, 36.0, 38.0])
M_X = np.array([np.nan, 20.0, 45.0, 12.5, 30.0, 80.0])


def test_matches_a_plain_loop_over_periods():
    spend = conditional_expected_spend(CDNOW_SPEND, X, M_X)
    horizon, rate, margin = 52, 0.002, 0.3
    expected = np.zeros(X.size)
    for k in range(1, horizon + 1):
        now = bgnbd.conditional_expected_purchases(float(k), CDNOW, X, T_X, T)
        before = bgnbd.conditional_expected_purchases(float(k - 1), CDNOW, X, T_X, T)
        expected += (now - before) * spend * margin / (1 + rate) ** k
    value = discounted_clv(CDNOW, X, T_X, T, spend, horizon, rate, margin)
    np.testing.assert_allclose(value, expected, rtol=1e-12)


def test_without_discount_it_is_spend_times_expected_purchases():
    value = discounted_clv(CDNOW, X, T_X, T, 25.0, 104, 0.0)
    np.testing.assert_allclose(value, 25.0 * bgnbd.conditional_expected_purchases(104.0, CDNOW, X, T_X, T))


def test_falls_as_the_discount_rate_rises():
    rates = [0.0, 0.001, 0.005, 0.02, 0.1]
    values = np.array([discounted_clv(CDNOW, X, T_X, T, 30.0, 104, rate) for rate in rates])
    assert np.all(np.diff(values, axis=0) < 0)


def test_grows_with_the_horizon():
    values = np.array(
        [discounted_clv(CDNOW, X, T_X, T, 30.0, horizon, 0.003) for horizon in (1, 13, 52, 260)]
    )
    assert np.all(np.diff(values, axis=0) > 0)
    assert np.all(discounted_clv(CDNOW, X, T_X, T, 30.0, 0, 0.003) == 0.0)


def test_blocks_do_not_change_the_result(monkeypatch):
    whole = discounted_clv(CDNOW, X, T_X, T, 30.0, 26, 0.01)
    monkeypatch.setattr(lifetime_value, "_CELLS_PER_BLOCK", 27 * 2)  # two rows per block
    np.testing.assert_allclose(discounted_clv(CDNOW, X, T_X, T, 30.0, 26, 0.01), whole, rtol=1e-14)


def test_rejects_invalid_arguments():
    with pytest.raises(ValueError):
        discounted_clv(CDNOW, X, T_X, T, 30.0, 2.5, 0.01)
    with pytest.raises(ValueError):
        discounted_clv(CDNOW, X, T_X, T, 30.0, 10, -1.0)
