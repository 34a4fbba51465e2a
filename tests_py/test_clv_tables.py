"""firstparty.clv.tables, the code behind the dbt Python models: fits, group scores, horizon scores.

The functions take columns as DuckDB's fetchnumpy() gives them (a dict of numpy arrays) and return
pyarrow tables; these tests feed them simulated groups and compare with the statistics functions.
"""

from __future__ import annotations

import numpy as np
import pyarrow.compute as pc
import pytest

from firstparty.clv import (
    bgnbd,
    conditional_expected_purchases,
    discounted_clv,
    fit_bgnbd,
    fit_gamma_gamma,
    tables,
)
from firstparty.clv.simulate import group_spend, group_summary, simulate_bgnbd, simulate_gamma_gamma

CDNOW = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
CDNOW_SPEND = {"p": 6.25, "q": 3.74, "gamma": 15.44}


@pytest.fixture(scope="module")
def grouped_columns():
    """20,000 simulated customers grouped as int_lifetime_value__summary_groups and
    int_lifetime_value__spend_groups hold them (days, cents)."""
    rng = np.random.default_rng(42)
    sim = simulate_bgnbd(20_000, *CDNOW.values(), T=rng.integers(189, 274, 20_000) / 7, rng=rng)
    m_x, _ = simulate_gamma_gamma(sim.x, *CDNOW_SPEND.values(), rng=rng)
    groups = group_summary(sim.x, sim.t_x, sim.T, resolution=1 / 7)
    spend = group_spend(sim.x, m_x)
    purchase_columns = {
        "repeat_purchases": groups.x.astype(np.int32),
        "recency_days": np.rint(groups.t_x * 7).astype(np.int32),
        "age_days": np.rint(groups.T * 7).astype(np.int32),
        "recency": np.rint(groups.t_x * 7) / 7,
        "age": np.rint(groups.T * 7) / 7,
        "customer_count": groups.weight.astype(np.int64),
    }
    spend_columns = {
        "repeat_purchases": spend.x.astype(np.int32),
        "average_repeat_value": spend.m_x,
        "customer_count": spend.weight.astype(np.int64),
    }
    return purchase_columns, spend_columns


def test_fit_table_matches_the_fits_and_has_one_row_per_parameter(grouped_columns):
    purchase, spend = grouped_columns
    table = tables.fit_table(purchase, spend, time_unit="week")
    assert table.schema == tables.FIT_SCHEMA
    rows = table.to_pylist()
    assert [(row["model_name"], row["parameter_name"]) for row in rows] == [
        ("bgnbd", "r"),
        ("bgnbd", "alpha"),
        ("bgnbd", "a"),
        ("bgnbd", "b"),
        ("gamma_gamma", "p"),
        ("gamma_gamma", "q"),
        ("gamma_gamma", "gamma"),
    ]
    direct = fit_bgnbd(
        purchase["repeat_purchases"],
        purchase["recency"],
        purchase["age"],
        purchase["customer_count"],
        time_unit="week",
    )
    direct_spend = fit_gamma_gamma(
        spend["repeat_purchases"], spend["average_repeat_value"], spend["customer_count"]
    )
    for row in rows:
        result = direct if row["model_name"] == "bgnbd" else direct_spend
        assert row["estimate"] == result.params[row["parameter_name"]]
        assert row["standard_error"] == result.standard_errors[row["parameter_name"]]
        assert row["log_likelihood"] == result.log_likelihood
        assert row["is_converged"] is True
        assert row["customer_count"] == round(result.n_customers)
        assert row["group_count"] == result.n_groups
        assert row["time_unit"] == ("week" if row["model_name"] == "bgnbd" else None)
    assert rows[0]["customer_count"] == 20_000


def test_fit_table_reports_a_model_without_data_instead_of_failing(grouped_columns):
    purchase, _ = grouped_columns
    no_repeat_buyers = {
        "repeat_purchases": np.array([], np.int32),
        "average_repeat_value": np.array([]),
        "customer_count": np.array([], np.int64),
    }
    rows = tables.fit_table(purchase, no_repeat_buyers, time_unit="week").to_pylist()
    spend_rows = [row for row in rows if row["model_name"] == "gamma_gamma"]
    assert [row["parameter_name"] for row in spend_rows] == ["p", "q", "gamma"]
    assert all(row["estimate"] is None and row["is_converged"] is False for row in spend_rows)
    assert "no repeat buyers" in spend_rows[0]["optimizer_message"]
    assert all(row["customer_count"] == 0 for row in spend_rows)
    assert all(row["is_converged"] for row in rows if row["model_name"] == "bgnbd")
    nobody = {name: values[:0] for name, values in purchase.items()}
    purchase_rows = tables.fit_table(nobody, no_repeat_buyers, time_unit="week").to_pylist()[:4]
    assert all(row["estimate"] is None and row["customer_count"] == 0 for row in purchase_rows)


def test_fit_table_raises_on_invalid_summaries(grouped_columns):
    purchase, spend = grouped_columns
    broken = {**purchase, "recency": purchase["age"] + 1.0}  # recency after the calibration end
    with pytest.raises(ValueError, match="recency"):
        tables.fit_table(broken, spend, time_unit="week")


def _fit_columns(converged: bool) -> dict[str, np.ndarray]:
    return {
        "model_name": np.array(["bgnbd"] * 4 + ["gamma_gamma"] * 3, dtype=object),
        "parameter_name": np.array(["r", "alpha", "a", "b", "p", "q", "gamma"], dtype=object),
        "estimate": np.array([*CDNOW.values(), *CDNOW_SPEND.values()]),
        "is_converged": np.array([converged] * 4 + [True] * 3),
    }


def test_parameters_are_read_back_when_the_estimates_are_finite():
    assert tables.parameters(_fit_columns(True), "bgnbd") == CDNOW
    assert tables.parameters(_fit_columns(True), "gamma_gamma") == CDNOW_SPEND
    # Not converged (for example stopped at the edge of the parameter space): still the best estimates.
    assert tables.parameters(_fit_columns(False), "bgnbd") == CDNOW
    assert tables.parameters(_fit_columns(True), "pareto_nbd") is None
    # A model without estimates (null in the database: a masked value in fetchnumpy) has no parameters.
    no_estimates = _fit_columns(False)
    no_estimates["estimate"] = np.ma.masked_array(no_estimates["estimate"], mask=[True] * 4 + [False] * 3)
    assert tables.parameters(no_estimates, "bgnbd") is None
    assert tables.parameters(no_estimates, "gamma_gamma") == CDNOW_SPEND


def test_the_fit_does_not_depend_on_the_order_of_the_groups(grouped_columns):
    purchase, spend = grouped_columns
    shuffle = np.random.default_rng(7).permutation(purchase["repeat_purchases"].size)
    spend_shuffle = np.random.default_rng(8).permutation(spend["repeat_purchases"].size)
    shuffled = {name: values[shuffle] for name, values in purchase.items()}
    shuffled_spend = {name: values[spend_shuffle] for name, values in spend.items()}
    assert (
        tables.fit_table(shuffled, shuffled_spend, time_unit="week").to_pylist()
        == tables.fit_table(purchase, spend, time_unit="week").to_pylist()
    )


def test_group_scores_are_p_alive_and_expected_holdout_purchases(grouped_columns):
    purchase, _ = grouped_columns
    table = tables.group_scores_table(CDNOW, purchase, holdout_length=26.0)
    assert table.num_rows == purchase["repeat_purchases"].size
    x, t_x, T = purchase["repeat_purchases"], purchase["recency"], purchase["age"]
    np.testing.assert_allclose(table["p_alive"].to_numpy(), bgnbd.p_alive(CDNOW, x, t_x, T), rtol=1e-12)
    np.testing.assert_allclose(
        table["expected_holdout_purchases"].to_numpy(),
        conditional_expected_purchases(26.0, CDNOW, x, t_x, T),
        rtol=1e-12,
    )
    without_holdout = tables.group_scores_table(CDNOW, purchase, holdout_length=0.0)
    assert np.all(without_holdout["expected_holdout_purchases"].to_numpy() == 0)
    not_fitted = tables.group_scores_table(None, purchase, holdout_length=26.0)  # no estimates
    assert not_fitted["p_alive"].null_count == not_fitted.num_rows


def test_horizon_scores_match_conditional_expectations_and_discounted_clv(grouped_columns):
    purchase, _ = grouped_columns
    horizons, rate = [13, 52, 26, 52], 0.0018
    table = tables.horizon_scores_table(CDNOW, purchase, horizons=horizons, discount_rate=rate)
    n = purchase["repeat_purchases"].size
    assert table.num_rows == 3 * n  # duplicates collapse: 13, 26, 52
    assert sorted(set(table["horizon_periods"].to_pylist())) == [13, 26, 52]
    x, t_x, T = purchase["repeat_purchases"], purchase["recency"], purchase["age"]
    for h in (13, 26, 52):
        rows = table.filter(pc.equal(table["horizon_periods"], h))
        np.testing.assert_array_equal(rows["repeat_purchases"].to_numpy(), x)
        np.testing.assert_allclose(
            rows["expected_purchases"].to_numpy(),
            conditional_expected_purchases(float(h), CDNOW, x, t_x, T),
            rtol=1e-10,
            atol=1e-15,
        )
        np.testing.assert_allclose(
            rows["discounted_expected_purchases"].to_numpy(),
            discounted_clv(CDNOW, x, t_x, T, 1.0, h, rate),
            rtol=1e-10,
            atol=1e-15,
        )


def test_horizon_scores_grow_with_the_horizon_and_fall_with_the_rate(grouped_columns):
    purchase, _ = grouped_columns
    x, t_x, T = purchase["repeat_purchases"], purchase["recency"], purchase["age"]
    expected, discounted = tables.expected_purchase_paths(CDNOW, x, t_x, T, [1, 4, 13, 26, 52, 104], 0.002)
    assert np.all(np.diff(expected, axis=0) >= 0)
    assert np.all(np.diff(discounted, axis=0) >= 0)
    assert np.all(discounted <= expected)
    _, more_discounted = tables.expected_purchase_paths(CDNOW, x, t_x, T, [1, 4, 13, 26, 52, 104], 0.01)
    assert np.all(more_discounted < discounted)


def test_blocks_do_not_change_the_horizon_scores(grouped_columns, monkeypatch):
    purchase, _ = grouped_columns
    x, t_x, T = purchase["repeat_purchases"], purchase["recency"], purchase["age"]
    whole = tables.expected_purchase_paths(CDNOW, x, t_x, T, [13, 52], 0.002)
    monkeypatch.setattr(tables, "_CELLS_PER_BLOCK", 53 * 7)  # seven (x, T) pairs per block
    blocked = tables.expected_purchase_paths(CDNOW, x, t_x, T, [13, 52], 0.002)
    for a, b in zip(whole, blocked, strict=True):
        np.testing.assert_array_equal(a, b)


def test_single_row_reads_a_settings_row_and_rejects_anything_else():
    settings = tables.single_row(
        {
            "time_unit": np.array(["week"], dtype=object),
            "holdout_length": np.array([25.857]),
            "clv_horizon": np.array([52], dtype=np.int32),
        }
    )
    assert settings == {"time_unit": "week", "holdout_length": 25.857, "clv_horizon": 52}
    assert isinstance(settings["clv_horizon"], int)
    with pytest.raises(ValueError, match="exactly one row"):
        tables.single_row({"time_unit": np.array(["week", "day"], dtype=object)})
    with pytest.raises(ValueError, match="exactly one row"):
        tables.single_row({"time_unit": np.array([], dtype=object)})


def test_horizons_must_be_whole_positive_periods(grouped_columns):
    purchase, _ = grouped_columns
    with pytest.raises(ValueError):
        tables.horizon_scores_table(CDNOW, purchase, horizons=[], discount_rate=0.001)
    with pytest.raises(ValueError):
        tables.horizon_scores_table(CDNOW, purchase, horizons=[13, 0], discount_rate=0.001)
    with pytest.raises(ValueError):
        tables.horizon_scores_table(CDNOW, purchase, horizons=[13, 2.5], discount_rate=0.001)


def test_the_time_unit_rescales_alpha_only(grouped_columns):
    """Days instead of weeks: alpha grows 7-fold; r, a and b do not change."""
    purchase, spend = grouped_columns
    in_days = {**purchase, "recency": purchase["recency_days"] * 1.0, "age": purchase["age_days"] * 1.0}
    weeks = {
        row["parameter_name"]: row for row in tables.fit_table(purchase, spend, time_unit="week").to_pylist()
    }
    days = {
        row["parameter_name"]: row for row in tables.fit_table(in_days, spend, time_unit="day").to_pylist()
    }
    assert days["alpha"]["estimate"] == pytest.approx(7 * weeks["alpha"]["estimate"], rel=1e-6)
    for name in ("r", "a", "b"):
        assert days[name]["estimate"] == pytest.approx(weeks[name]["estimate"], rel=1e-6), name
    assert days["r"]["time_unit"] == "day"


def _two_windows(columns: dict, chosen: np.ndarray) -> dict:
    """columns twice, as int_lifetime_value__summary_groups holds two fit windows: the chosen rows as the
    calibration window, then every row as the observation window."""
    return {
        "fit_window": np.array(
            ["calibration"] * int(chosen.sum()) + ["observation"] * chosen.size, dtype=object
        ),
        **{name: np.concatenate([values[chosen], values]) for name, values in columns.items()},
    }


def test_fit_windows_table_fits_each_window_on_its_own_groups(grouped_columns):
    purchase, spend = grouped_columns
    early = purchase["age"] < 33
    early_spend = spend["repeat_purchases"] < 4
    table = tables.fit_windows_table(
        _two_windows(purchase, early), _two_windows(spend, early_spend), time_unit="week"
    )
    assert table.column_names == ["fit_window", *tables.FIT_SCHEMA.names]
    rows = table.to_pylist()
    assert [row["fit_window"] for row in rows] == ["calibration"] * 7 + ["observation"] * 7
    alone = {
        "calibration": tables.fit_table(
            {name: values[early] for name, values in purchase.items()},
            {name: values[early_spend] for name, values in spend.items()},
            time_unit="week",
        ).to_pylist(),
        "observation": tables.fit_table(purchase, spend, time_unit="week").to_pylist(),
    }
    for window, expected in alone.items():
        assert [
            {k: v for k, v in row.items() if k != "fit_window"} for row in rows if row["fit_window"] == window
        ] == (expected)
    assert alone["calibration"][0]["estimate"] != alone["observation"][0]["estimate"]


def test_window_group_scores_use_each_window_fit_and_only_calibration_has_a_holdout(grouped_columns):
    purchase, _ = grouped_columns
    early = purchase["age"] < 33
    groups = _two_windows(purchase, early)
    other = {"r": 0.5, "alpha": 8.0, "a": 1.2, "b": 4.0}
    fit = {
        "fit_window": np.array(["calibration"] * 4 + ["observation"] * 4, dtype=object),
        "model_name": np.array(["bgnbd"] * 8, dtype=object),
        "parameter_name": np.array(list(CDNOW) * 2, dtype=object),
        "estimate": np.array([*CDNOW.values(), *other.values()]),
    }
    table = tables.window_group_scores_table(fit, groups, holdout_length=26.0)
    windows = np.asarray(table["fit_window"].to_pylist())
    calibration, observation = table.filter(windows == "calibration"), table.filter(windows == "observation")
    x, t_x, T = (purchase[name][early] for name in ("repeat_purchases", "recency", "age"))
    np.testing.assert_allclose(calibration["p_alive"].to_numpy(), bgnbd.p_alive(CDNOW, x, t_x, T), rtol=1e-12)
    np.testing.assert_allclose(
        calibration["expected_holdout_purchases"].to_numpy(),
        conditional_expected_purchases(26.0, CDNOW, x, t_x, T),
        rtol=1e-12,
    )
    x, t_x, T = purchase["repeat_purchases"], purchase["recency"], purchase["age"]
    np.testing.assert_allclose(observation["p_alive"].to_numpy(), bgnbd.p_alive(other, x, t_x, T), rtol=1e-12)
    assert np.all(observation["expected_holdout_purchases"].to_numpy() == 0)


def test_window_rows_keep_nulls_and_reject_an_unknown_window():
    columns = {
        "fit_window": np.array(["calibration", "observation", "observation"], dtype=object),
        "estimate": np.ma.masked_array([1.0, 2.0, 3.0], mask=[False, True, False]),
    }
    rows = tables.window_rows(columns, "observation")
    assert set(rows) == {"estimate"}
    assert np.ma.getmaskarray(rows["estimate"]).tolist() == [True, False]
    with pytest.raises(ValueError, match="fit window"):
        tables.window_rows(columns, "holdout")
