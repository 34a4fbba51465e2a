"""The pure-Python parts of benchmarks/bench_scale.py: the day-1/day-2 split and the layer grouping.

No dbt build: tiny exports written with DuckDB, and a hand-made run_results/manifest.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from project import REPO_ROOT

from firstparty.exports import EXPORTS

_SPEC = importlib.util.spec_from_file_location("bench_scale", REPO_ROOT / "benchmarks" / "bench_scale.py")
bench = sys.modules.setdefault("bench_scale", importlib.util.module_from_spec(_SPEC))
_SPEC.loader.exec_module(bench)

COLUMNS = {e.identifier: e.column_names for e in EXPORTS}


def _hour(h: int, offset: str = "Z") -> str:
    """2026-06-01 00:00 UTC plus h hours, written in UTC or (offset '+02:00') in local time."""
    if offset == "Z":
        return f"2026-06-{1 + h // 24:02d}T{h % 24:02d}:00:00Z"
    return f"2026-06-{1 + (h + 2) // 24:02d}T{(h + 2) % 24:02d}:00:00+02:00"


def _write(folder: Path, identifier: str, rows: list[dict[str, str | None]]) -> None:
    con = duckdb.connect()
    columns = COLUMNS[identifier]
    con.execute("create table t (" + ", ".join(f'"{c}" varchar' for c in columns) + ")")
    for row in rows:
        con.execute(
            "insert into t values (" + ", ".join("?" for _ in columns) + ")", [row.get(c) for c in columns]
        )
    con.execute(f"copy t to '{folder / identifier}.parquet' (format parquet)")
    con.close()


def _read(path: Path) -> tuple[list[str], list[str], list[tuple]]:
    con = duckdb.connect()
    described = con.execute(f"describe select * from read_parquet('{path}')").fetchall()
    rows = con.execute(f"select * from read_parquet('{path}')").fetchall()
    con.close()
    return [d[0] for d in described], [d[1] for d in described], rows


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("bench_split")
    source = root / "generated"
    source.mkdir()
    web = [{"event_id": f"w{h}", "occurred_at": _hour(h)} for h in range(90)]
    web += [
        {"event_id": "w_bad1", "occurred_at": "not a date"},
        {"event_id": "w_bad2", "occurred_at": "2025-13-45T10:00:00Z"},
        {"event_id": "w_null", "occurred_at": None},
    ]
    # o0..o9 at hours 5, 15, ..., 95 (odd ones with an offset); o8 re-exported at hour 99 (the newest row).
    orders = [
        {"order_id": f"o{i}", "ordered_at": _hour(10 * i + 5, "Z" if i % 2 == 0 else "+02:00")}
        for i in range(10)
    ]
    orders += [{"order_id": "o8", "ordered_at": _hour(99)}, {"order_id": "o_bad", "ordered_at": "31/02/2025"}]
    lines = [{"order_line_id": f"l{i}{j}", "order_id": f"o{i}"} for i in range(10) for j in range(2)]
    lines += [
        {"order_line_id": "l9x", "order_id": " o9 "},
        {"order_line_id": "l_bad", "order_id": "o_bad"},
        {"order_line_id": "l_orphan", "order_id": "o_missing"},
        {"order_line_id": "l_none", "order_id": None},
    ]
    data = {"web_events": web, "shop_orders": orders, "shop_order_lines": lines}
    for export in EXPORTS:
        _write(source, export.identifier, data.get(export.identifier, []))
    result = bench.split_exports(source, root / "day1", root / "day2", new_fraction=0.03)
    return root, result


def test_every_export_has_exactly_one_timestamp_or_parent():
    for export in EXPORTS:
        assert (export.identifier in bench.TIMESTAMPS) != (export.identifier in bench.PARENTS), (
            export.identifier
        )


def test_day2_is_the_full_export_and_day1_a_subset_in_order(split):
    root, result = split
    for export in EXPORTS:
        name = export.identifier
        columns1, types1, rows1 = _read(root / "day1" / f"{name}.parquet")
        columns2, types2, rows2 = _read(root / "day2" / f"{name}.parquet")
        _, _, source_rows = _read(root / "generated" / f"{name}.parquet")
        assert columns1 == columns2 == export.column_names
        assert set(types1) <= {"VARCHAR"} and set(types2) <= {"VARCHAR"}
        assert rows2 == source_rows
        remaining = iter(rows2)  # day 1 is day 2 with rows taken out, order kept
        assert all(any(row == later for later in remaining) for row in rows1)
        assert result.new_rows[name] == len(rows2) - len(rows1)


def test_new_rows_are_exactly_those_after_the_cutoff(split):
    root, result = split
    assert sum(result.new_rows.values()) > 0
    assert result.timestamped_rows == 90 + 11
    for name, column in (("web_events", "occurred_at"), ("shop_orders", "ordered_at")):
        _, _, day1 = _read(root / "day1" / f"{name}.parquet")
        _, _, day2 = _read(root / "day2" / f"{name}.parquet")
        new = [row for row in day2 if row not in day1]
        after = []
        for row in day2:
            text = row[COLUMNS[name].index(column)]
            try:
                moment = datetime.fromisoformat(text.strip()).astimezone(UTC).replace(tzinfo=None)
            except (AttributeError, ValueError):
                continue
            if moment > result.cutoff:
                after.append(row)
        assert new == after, name
    # The three newest rows: o8's re-export at hour 99, o9 at hour 95, web event w89.
    assert result.cutoff == datetime(2026, 6, 4, 16)  # w88, the 98th of 101 timestamps
    assert result.new_rows == {**dict.fromkeys(result.new_rows, 0), "shop_orders": 2, "web_events": 1,
                               "shop_order_lines": 3}  # fmt: skip


def test_unparsable_timestamps_stay_in_day1(split):
    root, _ = split
    _, _, day1 = _read(root / "day1" / "web_events.parquet")
    assert {"w_bad1", "w_bad2", "w_null"} <= {row[0] for row in day1}
    _, _, orders = _read(root / "day1" / "shop_orders.parquet")
    assert "o_bad" in {row[0] for row in orders}


def test_order_lines_follow_their_order(split):
    root, _ = split
    _, _, day1 = _read(root / "day1" / "shop_order_lines.parquet")
    _, _, day2 = _read(root / "day2" / "shop_order_lines.parquet")
    new = {row[0] for row in day2} - {row[0] for row in day1}
    # o9 is new on day 2, and so are its lines (also the one with blanks around the id). o8 was
    # exported on day 1 too, so its lines stay; lines of an unparsable, unknown or no order stay.
    assert new == {"l90", "l91", "l9x"}
    assert {"l80", "l81", "l_bad", "l_orphan", "l_none"} <= {row[0] for row in day1}


def test_default_as_of_is_the_end_of_the_cutoff_day():
    assert bench.default_as_of(datetime(2026, 6, 30, 12, 4, 49)) == datetime(2026, 7, 1)
    assert bench.default_as_of(datetime(2026, 6, 30, 0, 0, 0)) == datetime(2026, 7, 1)


def test_layer_times_group_nodes_by_folder_and_tests():
    manifest = {
        "nodes": {
            "model.firstparty.base_a": {
                "resource_type": "model",
                "original_file_path": "models/staging/a/base_a.sql",
            },
            "model.firstparty.stg_a": {
                "resource_type": "model",
                "original_file_path": "models/staging/a/stg_a.sql",
            },
            "model.firstparty.links": {
                "resource_type": "model",
                "original_file_path": "models/identity/links.sql",
            },
            "model.firstparty.tomb": {
                "resource_type": "model",
                "original_file_path": "models/governance/t.sql",
            },
            "model.firstparty.dim": {"resource_type": "model", "original_file_path": "models/marts/c/dim.py"},
            "model.firstparty.loose": {"resource_type": "model", "original_file_path": "models/loose.sql"},
            "seed.firstparty.ref": {"resource_type": "seed", "original_file_path": "seeds/reference/ref.csv"},
            "test.firstparty.not_null_stg_a": {
                "resource_type": "test",
                "original_file_path": "models/staging/a/_a__models.yml",
            },
            "test.firstparty.assert_x": {"resource_type": "test", "original_file_path": "tests/assert_x.sql"},
        }
    }
    times = {
        "model.firstparty.base_a": 0.5,
        "model.firstparty.stg_a": 1.0,
        "model.firstparty.links": 2.0,
        "model.firstparty.tomb": 4.0,
        "model.firstparty.dim": 8.0,
        "model.firstparty.loose": 16.0,
        "seed.firstparty.ref": 32.0,
        "test.firstparty.not_null_stg_a": 64.0,
        "test.firstparty.assert_x": 128.0,
        "operation.firstparty.firstparty-on-run-start-0": 256.0,
    }
    status = {"test.firstparty.assert_x": "fail", "model.firstparty.tomb": "error"}
    run_results = {
        "results": [
            {"unique_id": uid, "execution_time": t, "status": status.get(uid, "success")}
            for uid, t in times.items()
        ]
    }
    assert bench.layer_times(run_results, manifest) == {
        "staging": 1.5,
        "identity": 2.0,
        "governance": 4.0,
        "marts": 8.0,
        "tests": 192.0,
        "seeds/other": 304.0,
    }
    assert bench.failing_nodes(run_results) == ["model.firstparty.tomb", "test.firstparty.assert_x"]


def test_matching_seconds_sum_the_probabilistic_matching_models_and_their_tests():
    times = {
        "model.firstparty.int_identity__match_comparisons": 1.0,
        "model.firstparty.int_identity__match_fitted_parameters": 2.0,
        "model.firstparty.identity_match_model_fit": 4.0,
        "test.firstparty.unique_combination_of_columns_int_identity__match_scores_record_key_a.1f": 8.0,
        "model.firstparty.int_identity__links": 16.0,
        "model.firstparty.identity_links": 32.0,
    }
    run_results = {"results": [{"unique_id": uid, "execution_time": t} for uid, t in times.items()]}
    assert bench.matching_seconds(run_results) == 15.0


def test_an_expected_failure_is_counted_apart_and_fails_no_run():
    expected = next(iter(bench.EXPECTED_FAILURES))
    run_results = {
        "results": [
            {"unique_id": expected, "status": "fail"},
            {"unique_id": "model.firstparty.ok", "status": "success"},
        ]
    }
    assert bench.failing_nodes(run_results) == []
    assert bench.expected_failures(run_results) == [expected]
    run = bench.RunResult("r", "", "", returncode=1, expected_failing=[expected])
    assert not bench.run_failed(run)
    assert bench.run_failed(bench.RunResult("r", "", "", returncode=1))  # dbt failed for another reason
    assert bench.run_failed(bench.RunResult("r", "", "", returncode=2, expected_failing=[expected]))
    assert bench.run_failed(
        bench.RunResult("r", "", "", returncode=1, failing=["test.firstparty.x"], expected_failing=[expected])
    )


def test_the_overhead_replay_hashes_with_the_key_dbt_ran_with(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bench runs dbt with the demo key when no key is set (_env); the replay's connection must hash
    the same way, and leave this process's environment as it found it."""
    monkeypatch.delenv("FIRSTPARTY_HMAC_KEY", raising=False)
    monkeypatch.delenv("FIRSTPARTY_DEMO_HMAC_KEY", raising=False)
    con = duckdb.connect()
    bench._register_hmac(con)
    digest = con.execute("select hmac_sha256('someone@example.com', 'email')").fetchone()[0]
    assert len(digest) == 64
    assert "FIRSTPARTY_DEMO_HMAC_KEY" not in os.environ
