"""`dbt source freshness` measured at as_of (macro default__collect_freshness, macros/project).

A throwaway project with the project's macros and two text sources like the raw exports: `fresh_orders`
(newest order 12 hours before as_of, written with an offset, beside an unparsable value) must pass
although the run's clock is months later; `stale_orders` (newest real order 11 days before as_of, plus a
9999-12-31 placeholder that staging quarantines) must fail: the placeholder does not make it fresh.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from dbt_helpers import REPO_ROOT, run_dbt, write_project

AS_OF = "2026-07-01 00:00:00"
ROWS = {
    "fresh_orders": ["2026-06-30T14:00:00+02:00", "not a time", "2026-06-01T00:00:00Z"],
    "stale_orders": ["2026-06-20T00:00:00Z", "9999-12-31T00:00:00Z"],
}
FRESHNESS = {"warn_after": {"count": 36, "period": "hour"}, "error_after": {"count": 72, "period": "hour"}}

pytestmark = pytest.mark.slow


def test_freshness_is_measured_at_as_of_and_ignores_future_placeholders(tmp_path: Path) -> None:
    db_path = tmp_path / "exports.duckdb"
    with duckdb.connect(str(db_path)) as connection:
        connection.execute("create schema raw")
        for table, values in ROWS.items():
            connection.execute(f"create table raw.{table} (ordered_at varchar)")
            connection.executemany(f"insert into raw.{table} values (?)", [[value] for value in values])
    properties = {
        "version": 2,
        "sources": [
            {
                "name": "shop",
                "schema": "raw",
                "tables": [
                    {"name": table, "config": {"loaded_at_field": "ordered_at", "freshness": FRESHNESS}}
                    for table in ROWS
                ],
            }
        ],
    }
    write_project(
        tmp_path / "project",
        macros=REPO_ROOT / "macros",
        models={},
        properties=properties,
        project_vars={
            "as_of": AS_OF,
            "load_demo_seeds": False,
            "raw_path": None,
            "staging_future_tolerance_hours": 24,
        },
    )
    run = run_dbt(
        ["source", "freshness"], db_path=db_path, work_dir=tmp_path, project_dir=tmp_path / "project"
    )
    results = json.loads((tmp_path / "target" / "sources.json").read_text())["results"]
    status = {result["unique_id"].rsplit(".", 1)[-1]: result["status"] for result in results}
    assert status == {"fresh_orders": "pass", "stale_orders": "error"}, run.output()[-2000:]
    fresh = next(result for result in results if result["unique_id"].endswith("fresh_orders"))
    assert fresh["snapshotted_at"].startswith("2026-07-01T00:00:00")
    assert fresh["max_loaded_at"].startswith("2026-06-30T12:00:00")
