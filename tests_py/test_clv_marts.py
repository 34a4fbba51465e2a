"""The lifetime-value marts as `make test` built them, recomputed independently in Python.

Reads the built DuckDB file (FIRSTPARTY_DUCKDB_PATH) with short-lived read-only connections: the
published (observation) fit against a direct fit of the published groups, every customer's scores
against the statistics functions, the holdout figures against numpy with the calibration fit, and
money against the seed rates.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal

import duckdb
import numpy as np
import pytest
from project import REPO_ROOT, built_db_path, project_nodes
from project import query as _query

from firstparty.clv import (
    bgnbd,
    conditional_expected_purchases,
    conditional_expected_spend,
    discounted_clv,
    fit_bgnbd,
    fit_gamma_gamma,
)


def _sql(text: str) -> str:
    """Replace each {model_name} in text by the schema-qualified relation the manifest gives it."""
    relations = {node["name"]: f"{node['schema']}.{node['alias']}" for node in project_nodes("model")}
    return re.sub(r"\{(\w+)\}", lambda match: relations[match.group(1)], text)


def query(sql: str, params: list | None = None) -> list[tuple]:
    """project.query with {model_name} placeholders resolved."""
    return _query(_sql(sql), params)


def _columns(sql: str) -> dict[str, np.ndarray]:
    """One query's result as numpy columns (nulls masked), on a short-lived read-only connection."""
    con = duckdb.connect(str(built_db_path()), read_only=True)
    try:
        return con.execute(_sql(sql)).fetchnumpy()
    finally:
        con.close()


@pytest.fixture(scope="module")
def settings() -> dict:
    names = [
        "time_unit",
        "calibration_end_date",
        "observation_end_date",
        "holdout_length",
        "clv_horizon",
        "discount_rate_per_period",
        "margin",
        "reporting_currency",
    ]
    (row,) = query("select " + ", ".join(names) + " from {int_lifetime_value__settings}")
    return dict(zip(names, row, strict=True))


@pytest.fixture(scope="module")
def fit() -> dict[str, dict[str, float]]:
    """The published fit: the observation fit, which scores customers."""
    params: dict[str, dict[str, float]] = {}
    for model, parameter, estimate, converged in query(
        "select model_name, parameter_name, estimate, is_converged from {clv_model_fit}"
    ):
        assert converged, (model, parameter)
        params.setdefault(model, {})[parameter] = estimate
    return params


@pytest.fixture(scope="module")
def calibration_fit() -> dict[str, dict[str, float]]:
    """The calibration fit, which the holdout validation uses."""
    params: dict[str, dict[str, float]] = {}
    for model, parameter, estimate, converged in query(
        "select model_name, parameter_name, estimate, is_converged"
        " from {int_lifetime_value__fitted_parameters} "
        "where fit_window = 'calibration'"
    ):
        assert converged, (model, parameter)
        params.setdefault(model, {})[parameter] = estimate
    return params


@pytest.mark.parametrize("window", ["observation", "calibration"])
def test_each_fit_is_the_fit_of_its_window_groups(fit, calibration_fit, window):
    # In the order the fit model sorts them (firstparty.clv.tables.fit_table): the likelihood sums in
    # that order, and the optimum moves in the 7th digit with the order of a float sum.
    fit = fit if window == "observation" else calibration_fit
    groups = _columns(
        "select repeat_purchases, recency, age, customer_count from {int_lifetime_value__summary_groups} "
        f"where fit_window = '{window}' order by repeat_purchases, recency, age"
    )
    spend = _columns(
        "select repeat_purchases, average_repeat_value, customer_count"
        " from {int_lifetime_value__spend_groups} "
        f"where fit_window = '{window}' order by repeat_purchases, average_repeat_value"
    )
    purchase = fit_bgnbd(
        groups["repeat_purchases"], groups["recency"], groups["age"], groups["customer_count"]
    )
    spend_fit = fit_gamma_gamma(
        spend["repeat_purchases"], spend["average_repeat_value"].astype(float), spend["customer_count"]
    )
    for name, value in purchase.params.items():
        assert fit["bgnbd"][name] == pytest.approx(value, rel=1e-9), name
    for name, value in spend_fit.params.items():
        assert fit["gamma_gamma"][name] == pytest.approx(value, rel=1e-9), name
    (customers,) = query(
        f"select count(*) from {{int_lifetime_value__summary_statistics}} where fit_window = '{window}'"
    )[0]
    assert int(groups["customer_count"].sum()) == customers


def test_every_customer_has_one_lifetime_value_row():
    (mapped,) = query("select count(distinct customer_id) from {customer_record_map}")[0]
    (rows, distinct) = query("select count(*), count(distinct customer_id) from {customer_lifetime_value}")[0]
    assert rows == distinct == mapped
    (historical,) = query("select count(*) from {customer_ltv_historical}")[0]
    assert historical == mapped


def test_customer_scores_match_the_statistics_functions(fit, settings):
    scored = _columns(
        """
        select
            v.repeat_purchases, v.recency, v.age, v.average_repeat_value, v.p_alive, v.expected_purchases,
            v.expected_average_spend, v.discounted_clv, v.undiscounted_clv
        from {customer_lifetime_value} as v
        where v.clv_status in ('repeat_buyer', 'one_time_buyer')
        order by v.customer_id
        """
    )
    x, t_x, T = scored["repeat_purchases"].astype(float), scored["recency"], scored["age"]
    assert x.size > 0
    horizon, rate, margin = settings["clv_horizon"], settings["discount_rate_per_period"], settings["margin"]
    bg, gg = fit["bgnbd"], fit["gamma_gamma"]
    np.testing.assert_allclose(scored["p_alive"], bgnbd.p_alive(bg, x, t_x, T), rtol=1e-9)
    np.testing.assert_allclose(
        scored["expected_purchases"], conditional_expected_purchases(float(horizon), bg, x, t_x, T), rtol=1e-9
    )
    m_x = np.ma.filled(np.ma.asarray(scored["average_repeat_value"], dtype=float), np.nan)
    # The marts score an all-refunded repeat buyer (m_x = 0) with the formula at m_x = 0; the library
    # accepts only m_x > 0, and at 1e-300 its value equals the formula's at 0 to double precision.
    m_x = np.where(x > 0, np.maximum(m_x, 1e-300), np.nan)
    spend = conditional_expected_spend(gg, x, m_x)
    np.testing.assert_allclose(scored["expected_average_spend"], spend, rtol=1e-9)
    np.testing.assert_allclose(
        scored["discounted_clv"], discounted_clv(bg, x, t_x, T, spend, horizon, rate, margin), rtol=1e-9
    )
    assert np.all(scored["discounted_clv"] < scored["undiscounted_clv"])


def test_every_buyer_is_scored_and_only_buyers():
    rows = query(
        """
        select clv_status, count(*), count(p_alive), count(expected_purchases), count(discounted_clv)
        from {customer_lifetime_value}
        group by clv_status
        """
    )
    by_status = {status: counts for status, *counts in rows}
    assert set(by_status) <= {"repeat_buyer", "one_time_buyer", "no_purchases"}
    assert by_status["no_purchases"][1:] == [0, 0, 0]
    for status in ("repeat_buyer", "one_time_buyer"):
        assert by_status[status][1:] == [by_status[status][0]] * 3, status
    (buyers,) = query("select count(*) from {customer_ltv_historical} where order_count > 0")[0]
    assert by_status["repeat_buyer"][0] + by_status["one_time_buyer"][0] == buyers
    # Customers whose first purchase is after the calibration end are among them (the demo has some).
    ((late, late_scored),) = query(
        """
        select count(*), count(v.p_alive)
        from {customer_ltv_historical} as h
        inner join {customer_lifetime_value} as v on h.customer_id = v.customer_id
        cross join {int_lifetime_value__settings} as s
        where h.first_order_date > s.calibration_end_date
        """
    )
    assert late > 0
    assert late_scored == late
    (one_time_alive,) = query(
        "select min(p_alive) = 1 and max(p_alive) = 1 from {customer_lifetime_value} "
        "where clv_status = 'one_time_buyer'"
    )[0]
    assert one_time_alive


def test_holdout_figures_match_a_recomputation_with_the_calibration_fit(calibration_fit, fit, settings):
    customers = _columns(
        "select repeat_purchases, recency, age, holdout_purchases"
        " from {int_lifetime_value__summary_statistics} "
        "where fit_window = 'calibration'"
    )
    x = customers["repeat_purchases"].astype(float)
    assert calibration_fit["bgnbd"] != fit["bgnbd"]  # two fits: the holdout must not use the published one
    predicted = conditional_expected_purchases(
        settings["holdout_length"], calibration_fit["bgnbd"], x, customers["recency"], customers["age"]
    )
    actual = customers["holdout_purchases"].astype(float)
    ((count, total_predicted, total_actual, mae, correlation),) = query(
        "select customer_count, predicted_purchases, actual_purchases, mean_absolute_error, "
        "pearson_correlation from {clv_holdout_validation} where repeat_purchase_bucket = 'all'"
    )
    assert count == x.size
    assert total_predicted == pytest.approx(predicted.sum(), rel=1e-9)
    assert total_actual == actual.sum()
    assert mae == pytest.approx(np.abs(predicted - actual).mean(), rel=1e-9)
    assert correlation == pytest.approx(np.corrcoef(predicted, actual)[0, 1], rel=1e-9)
    buckets = query(
        "select repeat_purchase_bucket, customer_count, actual_purchases from {clv_holdout_validation} "
        "where repeat_purchase_bucket != 'all'"
    )
    assert sum(row[1] for row in buckets) == count
    for bucket, bucket_count, bucket_actual in buckets:
        chosen = x >= 7 if bucket == "7+" else x == int(bucket)
        assert (bucket_count, bucket_actual) == (chosen.sum(), actual[chosen].sum()), bucket


def test_historical_revenue_is_converted_with_the_seed_rates(settings):
    with open(REPO_ROOT / "seeds" / "reference" / "ref_fx_rates.csv", newline="") as rates_file:
        to_base = {row["currency_code"]: Decimal(row["rate_to_base"]) for row in csv.DictReader(rates_file)}
    reporting = to_base[settings["reporting_currency"]]
    purchases = query(
        """
        select o.currency, o.total_amount
        from {stg_shop__orders} as o
        inner join {customer_record_map} as m
            on m.source_name = 'shop_orders' and m.source_record_id = o.order_id
        where o.order_status != 'cancelled' and cast(o.ordered_at as date) <= ?
        union all
        select t.currency, t.total_amount
        from {stg_pos__transactions} as t
        inner join {customer_record_map} as m
            on m.source_name = 'pos_transactions' and m.source_record_id = t.transaction_id
        where cast(t.transacted_at as date) <= ?
        """,
        [settings["observation_end_date"], settings["observation_end_date"]],
    )
    expected_gross = sum(amount * to_base[currency] / reporting for currency, amount in purchases)
    ((gross, orders),) = query("select sum(gross_revenue), sum(order_count) from {customer_ltv_historical}")
    assert orders == len(purchases)
    # Each customer's gross is rounded to the cent: the total can differ by half a cent per customer.
    (customers,) = query("select count(*) from {customer_ltv_historical} where order_count > 0")[0]
    assert abs(gross - expected_gross) <= Decimal("0.005") * customers


def test_cohorts_start_whole_and_cover_every_buyer():
    ((month_zero_ok, cohort_customers),) = query(
        "select bool_and(retention_rate = 1), sum(cohort_customer_count) from {customer_cohorts} "
        "where months_since_first_order = 0"
    )
    (buyers,) = query("select count(*) from {customer_ltv_historical} where order_count > 0")[0]
    assert month_zero_ok
    assert cohort_customers == buyers
