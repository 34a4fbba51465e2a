"""The two lifetime-value fits of one build, on a small generated purchase history, checked from outside.

A throwaway copy of the project (dbt_project.yml, macros/, models/marts/lifetime_value/ and the two
lifetime-value singular tests) reads stand-ins for its two inputs: `int_customers__purchases` and
`customer_record_map` select from tables this module generates (240 customers, 2024-01-01 to
2026-06-30, as_of 2026-07-01, calibration end 2025-12-31). The marts are compared with summaries and
fits computed here in Python from the generated purchases, not from the marts:

- a customer whose first purchase is after the calibration end is scored, with the observation fit;
- the holdout validation predicts with the calibration fit (not the published, observation fit);
- leaving clv_calibration_end_date at its default on 1997-1998 data fails a test whose name says the
  var to set, and the stored failure row says a sensible value.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pytest
from dbt_helpers import REPO_ROOT, run_dbt
from project import connect_as_built

from firstparty.clv import bgnbd, conditional_expected_purchases, fit_bgnbd

START, AS_OF, CALIBRATION_END = date(2024, 1, 1), "2026-07-01 00:00:00", date(2025, 12, 31)
OBSERVATION_END = date(2026, 6, 30)  # the day before a midnight as_of
CALENDAR_TEST = "set_var_clv_calibration_end_date_on_or_before_observation_end"
STAND_INS = {
    "int_customers__purchases": "select * from generated.purchases",
    "customer_record_map": (
        "select 'shop_customers' as source_name, customer_id as source_record_id, customer_id\n"
        "from generated.customers"
    ),
}

pytestmark = pytest.mark.slow


def _purchases(rng: np.random.Generator, customers: int = 240) -> list[tuple[str, date, float]]:
    """(customer_id, purchase_date, amount): BG/NBD-like histories (weekly rates Gamma(0.75, 1/10),
    drop-out Beta(1, 5) after each repeat) with Gamma-Gamma amounts (p 4, q 4, gamma 40), first
    purchases uniform over the whole period, so some customers are acquired after the calibration
    end; the last 10 customers never buy."""
    span = (OBSERVATION_END - START).days + 1
    rows = []
    for index in range(customers - 10):
        customer = f"c{index:04d}"
        rate, dropout, spend_rate = rng.gamma(0.75, 1 / 10) / 7, rng.beta(1.0, 5.0), rng.gamma(4.0, 1 / 40)
        day, first = rng.uniform(0, span), True
        while day < span:
            amount = round(float(rng.gamma(4.0, 1 / spend_rate)), 2) + 0.01
            rows.append((customer, START + timedelta(days=int(day)), amount))
            if not first and rng.random() < dropout:
                break
            first = False
            day += rng.standard_exponential() / rate
    return rows


def _summaries(purchases: list[tuple[str, date, float]], end: date) -> dict[str, tuple[float, float, float]]:
    """customer -> (x, t_x, T) in weeks as of `end` for customers acquired by then (purchase days)."""
    days: dict[str, set[date]] = {}
    for customer, day, _ in purchases:
        if day <= end:
            days.setdefault(customer, set()).add(day)
    result = {}
    for customer, seen in days.items():
        first, last = min(seen), max(seen)
        result[customer] = (len(seen) - 1, (last - first).days / 7, (end - first).days / 7)
    return result


def _fit(summaries: dict[str, tuple[float, float, float]]) -> dict[str, float]:
    x, t_x, T = (np.array(column, dtype=float) for column in zip(*summaries.values(), strict=True))
    return fit_bgnbd(x, t_x, T, np.ones(x.size), time_unit="week").params


def _project(root: Path) -> Path:
    """The throwaway project; its generic data tests read reference seeds, which are copied (for
    parsing) but never built: the runs below select the models and the two singular tests only."""
    project = root / "project"
    shutil.copytree(REPO_ROOT / "macros", project / "macros")
    shutil.copytree(
        REPO_ROOT / "models" / "marts" / "lifetime_value", project / "models" / "marts" / "lifetime_value"
    )
    shutil.copy(REPO_ROOT / "dbt_project.yml", project / "dbt_project.yml")
    (project / "seeds" / "reference").mkdir(parents=True)
    for name in ("ref_fx_rates.csv", "_reference__fx_rates.yml", "ref_currencies.csv", "ref_countries.csv",
                 "_reference__seeds.yml"):  # fmt: skip
        shutil.copy(REPO_ROOT / "seeds" / "reference" / name, project / "seeds" / "reference" / name)
    (project / "tests" / "marts").mkdir(parents=True)
    for name in (CALENDAR_TEST, "assert_every_buyer_has_a_lifetime_value_score"):
        shutil.copy(
            REPO_ROOT / "tests" / "marts" / f"{name}.sql", project / "tests" / "marts" / f"{name}.sql"
        )
    (project / "models" / "stand_ins").mkdir()
    for name, sql in STAND_INS.items():
        (project / "models" / "stand_ins" / f"{name}.sql").write_text(sql + "\n")
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("clv_fit_windows")
    purchases = _purchases(np.random.default_rng(11))
    db = root / "clv.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema generated")
    con.execute("create table generated.customers (customer_id varchar)")
    con.executemany("insert into generated.customers values (?)", [[f"c{i:04d}"] for i in range(240)])
    con.execute(
        "create table generated.purchases (customer_id varchar, purchase_channel varchar, purchase_date date,"
        " gross_amount decimal(18, 6), refunded_amount decimal(18, 6), net_amount decimal(18, 6))"
    )
    con.executemany(
        "insert into generated.purchases values (?, 'shop', ?, ?, 0, ?)",
        [[customer, day, amount, amount] for customer, day, amount in purchases],
    )
    con.close()
    project = _project(root)
    vars_ = json.dumps({"as_of": AS_OF})
    run = run_dbt(
        ["build", "--select", "path:models path:tests", "--exclude", "test_type:generic test_type:unit"]
        + ["--vars", vars_],
        db_path=db,
        work_dir=root,
        project_dir=project,
    )
    assert run.success, run.output()
    con = duckdb.connect(str(db))
    try:
        marts = {
            name: con.execute(f"select * from marts.{name}").fetchall()
            for name in (
                "customer_lifetime_value",
                "clv_model_fit",
                "clv_holdout_validation",
                "int_lifetime_value__settings",
            )
        }
        columns = {
            name: [column[0] for column in con.execute(f"select * from marts.{name} limit 0").description]
            for name in marts
        }
    finally:
        con.close()
    tables = {
        name: [dict(zip(columns[name], row, strict=True)) for row in rows] for name, rows in marts.items()
    }
    return {"purchases": purchases, **tables}


def test_a_customer_acquired_after_the_calibration_end_is_scored_with_the_observation_fit(built):
    (settings,) = built["int_lifetime_value__settings"]
    assert (settings["calibration_end_date"], settings["observation_end_date"]) == (
        CALIBRATION_END,
        OBSERVATION_END,
    )
    observed = _summaries(built["purchases"], OBSERVATION_END)
    calibrated = _summaries(built["purchases"], CALIBRATION_END)
    late = sorted(set(observed) - set(calibrated))
    assert len(late) >= 10
    published = {
        row["parameter_name"]: row["estimate"]
        for row in built["clv_model_fit"]
        if row["model_name"] == "bgnbd"
    }
    expected = _fit(observed)
    for name, value in expected.items():
        assert published[name] == pytest.approx(value, rel=1e-5), name
    scores = {row["customer_id"]: row for row in built["customer_lifetime_value"]}
    assert {row["as_of_date"] for row in scores.values()} == {OBSERVATION_END}
    x, t_x, T = (np.array(column) for column in zip(*(observed[c] for c in late), strict=True))
    np.testing.assert_allclose(
        [scores[c]["p_alive"] for c in late], bgnbd.p_alive(published, x, t_x, T), rtol=1e-9
    )
    assert all(scores[c]["clv_status"] in ("repeat_buyer", "one_time_buyer") for c in late)
    assert all(scores[c]["discounted_clv"] > 0 for c in late)
    assert {row["clv_status"] for c, row in scores.items() if c not in observed} == {"no_purchases"}


def test_the_holdout_is_predicted_by_the_calibration_fit(built):
    calibrated = _summaries(built["purchases"], CALIBRATION_END)
    calibration_fit = _fit(calibrated)
    published = {
        row["parameter_name"]: row["estimate"]
        for row in built["clv_model_fit"]
        if row["model_name"] == "bgnbd"
    }
    x, t_x, T = (np.array(column) for column in zip(*calibrated.values(), strict=True))
    holdout = (OBSERVATION_END - CALIBRATION_END).days / 7
    (overall,) = [row for row in built["clv_holdout_validation"] if row["repeat_purchase_bucket"] == "all"]
    assert overall["customer_count"] == len(calibrated)
    with_calibration_fit = conditional_expected_purchases(holdout, calibration_fit, x, t_x, T).sum()
    with_published_fit = conditional_expected_purchases(holdout, published, x, t_x, T).sum()
    assert overall["predicted_purchases"] == pytest.approx(with_calibration_fit, rel=1e-5)
    assert abs(with_published_fit - with_calibration_fit) > 1e-3 * with_calibration_fit  # the fits differ
    holdout_days = {
        (c, d) for c, d, _ in built["purchases"] if CALIBRATION_END < d <= OBSERVATION_END and c in calibrated
    }
    assert overall["actual_purchases"] == len(holdout_days)


def test_a_default_calibration_end_on_other_data_fails_naming_the_var(tmp_path: Path) -> None:
    # 1997-1998 orders observed as of 1998-07-01 with clv_calibration_end_date left at its 2025-12-31
    # default: only the settings and their check are built (the settings read vars, not data).
    project = _project(tmp_path)
    run = run_dbt(
        [
            "build",
            "--select",
            f"int_lifetime_value__settings {CALENDAR_TEST}",
            "--exclude",
            "test_type:generic test_type:unit",
        ]
        + ["--vars", json.dumps({"as_of": "1998-07-01"})],
        db_path=tmp_path / "other.duckdb",
        work_dir=tmp_path,
        project_dir=project,
    )
    assert not run.success
    output = run.output()
    assert f"Failure in test {CALENDAR_TEST}" in output
    assert "clv_calibration_end_date" in CALENDAR_TEST
    stored = re.search(r"See test failures:\s+-+\s+select \* from (\S+)", output)
    assert stored, output
    con = connect_as_built(tmp_path / "other.duckdb")  # dbt printed firstparty.<schema>.<name>
    try:
        ((message, suggested),) = con.execute(
            f"select message, suggested_calibration_end_date from {stored.group(1)}"
        ).fetchall()
    finally:
        con.close()
    assert suggested == date(1998, 6, 30) - timedelta(days=182)
    assert message.startswith(
        "var clv_calibration_end_date (2025-12-31) is after the observation end (1998-06-30"
    )
    assert f"for example {suggested.isoformat()}" in message
