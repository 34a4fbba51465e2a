"""The semantic layer (models/marts/metrics, docs/metrics.md) on the database `make test` built.

`mf validate-configs` (semantic and data-warehouse checks) and several `mf query` calls run through
firstparty.mf in one subprocess, which imports dbt and MetricFlow once; mf opens the DuckDB file read-write
through the dbt profile, so the marts are read with short-lived read-only connections only after it exits.
Every number mf returns is recomputed here from the public marts the metric is defined over. No dimension
may expose a personal column (read from target/manifest.json).
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from typing import Any

import pytest
from project import CATALOG, REPO_ROOT, built_db_path, manifest

QUERIES: dict[str, list[str]] = {
    "customer_value": [
        "--metrics",
        "customers,buyers,orders,net_revenue,average_order_value,clv_scored_customers,total_clv,average_p_alive",
        "--group-by",
        "customer__lifecycle_stage,customer__rfm_segment",
    ],
    "channels": ["--metrics", "customers_reached,touchpoints", "--group-by", "touchpoint__channel"],
    "audiences": [
        "--metrics",
        "audience_size,audience_contact_points",
        "--group-by",
        "audience_member__audience_id,audience_member__purpose,audience_member__channel",
    ],
    "consent": [
        "--metrics",
        "consent_rate,granted_consent_customers,consent_customers",
        "--group-by",
        "consent__purpose,consent__channel",
    ],
    "coverage": [
        "--metrics",
        "first_party_coverage,coverage_numerator,coverage_denominator",
        "--group-by",
        "coverage__channel,coverage__metric_name,coverage__attribute_name",
    ],
    "monthly_revenue": ["--saved-query", "monthly_revenue"],
}

# Runs in the subprocess: records any call of the real update check (firstparty.mf must replace it).
_DRIVER = """
import json, sys
import update_checker
update_checks = []
update_checker.UpdateChecker.check = lambda self, *args, **kwargs: update_checks.append(args)
from firstparty.mf import run_commands
statuses = run_commands(json.loads(sys.argv[1]))
print("MF_RESULT " + json.dumps({"statuses": statuses, "update_checks": len(update_checks)}))
"""


def _read_only_query(sql: str) -> list[tuple[Any, ...]]:
    import duckdb

    con = duckdb.connect(str(built_db_path()), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _value(text: str) -> float | str | None:
    if text == "":
        return None
    try:
        return float(text)
    except ValueError:
        return text


@pytest.fixture(scope="module")
def mf_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One subprocess: validate-configs, then each query of QUERIES written to CSV."""
    semantic_manifest = json.loads((REPO_ROOT / "target" / "semantic_manifest.json").read_text())
    databases = {model["node_relation"]["database"] for model in semantic_manifest["semantic_models"]}
    assert databases == {CATALOG}, (
        f"target/semantic_manifest.json names database {databases}, not the catalog every target attaches "
        f"its file as ({CATALOG}): run `make test` first"
    )
    out_dir = tmp_path_factory.mktemp("mf")
    # mf opens its database for writing, as dbt does: give it a copy, so that it never waits on (or blocks)
    # another test process reading the built file.
    db_path = out_dir / "metrics.duckdb"
    shutil.copyfile(built_db_path(), db_path)
    if built_db_path().with_name(built_db_path().name + ".wal").exists():
        shutil.copyfile(built_db_path().with_name(built_db_path().name + ".wal"), f"{db_path}.wal")
    commands = [["validate-configs"]] + [
        ["query", *arguments, "--csv", str(out_dir / f"{name}.csv"), "--quiet"]
        for name, arguments in QUERIES.items()
    ]
    environment = {
        **os.environ,
        "FIRSTPARTY_DUCKDB_PATH": str(db_path),
        "DBT_PROFILES_DIR": str(REPO_ROOT),
        "DBT_PROJECT_DIR": str(REPO_ROOT),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DO_NOT_TRACK": "1",
    }
    completed = subprocess.run(
        [sys.executable, "-c", _DRIVER, json.dumps(commands)],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = completed.stdout + completed.stderr
    found = re.search(r"^MF_RESULT (.*)$", completed.stdout, re.MULTILINE)
    assert completed.returncode == 0 and found, output
    result = json.loads(found.group(1))
    results: dict[str, list[dict[str, Any]]] = {}
    for name in QUERIES:
        path = out_dir / f"{name}.csv"
        if path.exists():
            with path.open(newline="") as handle:
                results[name] = [{k: _value(v) for k, v in row.items()} for row in csv.DictReader(handle)]
    return {"commands": commands, "output": output, "results": results, **result}


@pytest.mark.slow
def test_mf_validate_configs_passes_semantic_and_warehouse_checks(mf_run: dict[str, Any]) -> None:
    assert mf_run["statuses"][0] == 0, mf_run["output"]
    assert "Successfully validated the semantics of built manifest" in mf_run["output"]
    assert "Successfully validated metrics against data warehouse" in mf_run["output"]


@pytest.mark.slow
def test_every_mf_query_succeeds_without_asking_pypi_for_updates(mf_run: dict[str, Any]) -> None:
    failed = [c for c, status in zip(mf_run["commands"], mf_run["statuses"], strict=True) if status]
    assert not failed, f"mf commands failed: {failed}\n{mf_run['output']}"
    assert set(mf_run["results"]) == set(QUERIES)
    assert mf_run["update_checks"] == 0, "the mf CLI asked PyPI for a newer dbt-metricflow"


def _assert_rows(
    actual: list[dict[str, Any]], expected: dict[tuple, dict[str, Any]], keys: list[str]
) -> None:
    """mf's rows, keyed by the group-by columns, equal the expected metrics (floats to 1e-9)."""
    by_key = {tuple(row[k] for k in keys): row for row in actual}
    assert set(by_key) == set(expected), (sorted(map(str, by_key)), sorted(map(str, expected)))
    for key, metrics in expected.items():
        for metric, value in metrics.items():
            got = by_key[key][metric]
            if value is None:
                assert got is None, (key, metric, got)
            else:
                assert got == pytest.approx(float(value), rel=1e-9, abs=1e-9), (key, metric, got, value)


@pytest.mark.slow
def test_customers_revenue_orders_clv_and_p_alive_by_lifecycle_and_segment(mf_run: dict[str, Any]) -> None:
    lifecycle = dict(_read_only_query("select customer_id, lifecycle_stage from marts.dim_customers"))
    segment = dict(_read_only_query("select customer_id, rfm_segment from marts.customer_rfm"))

    def group(customer_id: str) -> tuple:
        return (lifecycle.get(customer_id), segment.get(customer_id))

    expected: dict[tuple, dict[str, Any]] = defaultdict(dict)
    for customer_id in lifecycle:
        row = expected[group(customer_id)]
        row["customers"] = row.get("customers", 0) + 1
    values: dict[tuple, list[tuple]] = defaultdict(list)
    for customer_id, order_count, net_revenue in _read_only_query(
        "select customer_id, order_count, net_revenue from marts.customer_ltv_historical"
    ):
        values[group(customer_id)].append((order_count, net_revenue))
    for key, rows in values.items():
        orders = sum(count for count, _ in rows)
        net = sum(amount for _, amount in rows)
        expected[key].update(
            buyers=sum(1 for count, _ in rows if count > 0),
            orders=orders,
            net_revenue=net,
            average_order_value=None if orders == 0 else float(net) / orders,
        )
    scores: dict[tuple, list[tuple]] = defaultdict(list)
    for customer_id, p_alive, clv in _read_only_query(
        "select customer_id, p_alive, discounted_clv from marts.customer_lifetime_value"
    ):
        scores[group(customer_id)].append((p_alive, clv))
    for key, rows in scores.items():
        p_alives = [p for p, _ in rows if p is not None]
        clvs = [c for _, c in rows if c is not None]
        expected[key].update(
            clv_scored_customers=len(p_alives),
            average_p_alive=sum(p_alives) / len(p_alives) if p_alives else None,
            total_clv=sum(clvs) if clvs else None,
        )
    assert len(expected) > 10
    _assert_rows(
        mf_run["results"]["customer_value"], expected, ["customer__lifecycle_stage", "customer__rfm_segment"]
    )


@pytest.mark.slow
def test_customers_reached_and_touchpoints_by_channel(mf_run: dict[str, Any]) -> None:
    expected = {
        (channel,): {"customers_reached": customers, "touchpoints": touchpoints}
        for channel, customers, touchpoints in _read_only_query(
            "select channel, count(distinct customer_id), count(*) "
            "from marts.fct_customer_touchpoints group by 1"
        )
    }
    _assert_rows(mf_run["results"]["channels"], expected, ["touchpoint__channel"])


@pytest.mark.slow
def test_audience_sizes(mf_run: dict[str, Any]) -> None:
    expected = {
        (audience, purpose, channel): {"audience_size": people, "audience_contact_points": rows}
        for audience, purpose, channel, people, rows in _read_only_query(
            "select audience_id, purpose, channel, count(distinct customer_id), count(*) "
            "from marts.audience_members group by 1, 2, 3"
        )
    }
    assert expected
    _assert_rows(
        mf_run["results"]["audiences"],
        expected,
        ["audience_member__audience_id", "audience_member__purpose", "audience_member__channel"],
    )


@pytest.mark.slow
def test_consent_rate_per_purpose_and_channel(mf_run: dict[str, Any]) -> None:
    expected = {
        (purpose, channel): {
            "consent_customers": customers,
            "granted_consent_customers": granted,
            "consent_rate": granted / customers,
        }
        for purpose, channel, customers, granted in _read_only_query(
            "select purpose, channel, count(distinct customer_id), "
            "count(distinct case when status = 'granted' then customer_id end) "
            "from governance.consent_state group by 1, 2"
        )
    }
    assert len(expected) >= 5
    _assert_rows(mf_run["results"]["consent"], expected, ["consent__purpose", "consent__channel"])


@pytest.mark.slow
def test_first_party_coverage_equals_the_marts_coverage_share(mf_run: dict[str, Any]) -> None:
    expected = {
        (channel, metric, attribute): {
            "coverage_numerator": numerator,
            "coverage_denominator": denominator,
            "first_party_coverage": share,
        }
        for channel, metric, attribute, numerator, denominator, share in _read_only_query(
            "select channel, metric_name, attribute_name, numerator_count, denominator_count, coverage_share "
            "from marts.first_party_coverage"
        )
    }
    assert expected
    _assert_rows(
        mf_run["results"]["coverage"],
        expected,
        ["coverage__channel", "coverage__metric_name", "coverage__attribute_name"],
    )


@pytest.mark.slow
def test_saved_query_monthly_revenue_sums_the_cohorts_by_purchase_month(mf_run: dict[str, Any]) -> None:
    expected = {
        (str(month),): {"monthly_net_revenue": revenue}
        for month, revenue in _read_only_query(
            "select activity_month, sum(net_revenue) from marts.customer_cohorts group by 1"
        )
    }
    rows = [
        {**row, "metric_time__month": str(row["metric_time__month"])[:10]}
        for row in mf_run["results"]["monthly_revenue"]
    ]
    assert len(expected) >= 12
    _assert_rows(rows, expected, ["metric_time__month"])


# ------------------------------------------------------------------ no personal column as a dimension
def _semantic_model_violations(semantic_model: dict[str, Any], nodes: dict[str, Any]) -> list[str]:
    """Dimensions that read a column whose meta.pii is not none, or name a column the model lacks."""
    (model_id,) = semantic_model["depends_on"]["nodes"]
    columns = {name.lower(): column for name, column in nodes[model_id]["columns"].items()}
    violations = []
    for dimension in semantic_model["dimensions"]:
        expr = (dimension["expr"] or dimension["name"]).lower()
        if re.fullmatch(r"\w+", expr) and expr not in columns:
            violations.append(f"{dimension['name']}: column {expr} is not documented")
        for word in re.findall(r"[a-z_][a-z0-9_]*", expr):
            if word in columns and columns[word]["meta"].get("pii") != "none":
                violations.append(
                    f"{dimension['name']}: reads {word} (pii {columns[word]['meta'].get('pii')})"
                )
    return violations


def _project_semantic_models() -> list[dict[str, Any]]:
    return sorted(
        (m for m in manifest()["semantic_models"].values() if m["package_name"] == "firstparty"),
        key=lambda m: m["name"],
    )


def test_the_semantic_layer_covers_the_public_marts_it_promises() -> None:
    models = {m["depends_on"]["nodes"][0].split(".")[-1] for m in _project_semantic_models()}
    assert models >= {
        "dim_customers",
        "customer_rfm",
        "fct_customer_touchpoints",
        "customer_ltv_historical",
        "customer_lifetime_value",
        "audience_members",
        "consent_state",
        "first_party_coverage",
    }
    for semantic_model in _project_semantic_models():
        (model_id,) = semantic_model["depends_on"]["nodes"]
        assert manifest()["nodes"][model_id]["access"] == "public", (
            f"{semantic_model['name']} reads {model_id}"
        )


@pytest.mark.parametrize("semantic_model", _project_semantic_models(), ids=lambda m: m["name"])
def test_no_dimension_exposes_a_personal_column(semantic_model: dict[str, Any]) -> None:
    assert not _semantic_model_violations(semantic_model, manifest()["nodes"])


def test_the_personal_column_check_catches_an_email_dimension() -> None:
    customers = next(m for m in _project_semantic_models() if m["name"] == "customers")
    broken = {**customers, "dimensions": [*customers["dimensions"], {"name": "email", "expr": None}]}
    assert _semantic_model_violations(broken, manifest()["nodes"]) == ["email: reads email (pii email)"]
