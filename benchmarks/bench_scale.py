"""Benchmark: the whole project at scale, a full build of day 1 then an incremental build of day 2.

    make bench [PERSONS=100000] [SEED=7]
    python benchmarks/bench_scale.py [--persons 100000] [--seed 7] [--workdir DIR] [--as-of TIME]
                                     [--export-date 2026-06-30] [--new-fraction 0.003] [--no-overhead]

(Outside `make`, with another checkout's virtualenv, put this checkout's `src` first on PYTHONPATH so
its `firstparty` package is the one imported; the dbt subprocesses get it first either way.)

1. Generates Parquet exports with the project's generator (`python -m firstparty.generate --persons N
   --seed S --format parquet --as-of EXPORT_DATE`) into WORKDIR/generated (WORKDIR defaults to
   target/bench/<persons>-<seed>/); a stamp file (generated.json: the arguments and a checksum of
   the generator's source files) makes a second run with the same arguments reuse them.
2. Splits them into WORKDIR/day1 and WORKDIR/day2. Day 2 is the next day's exports: the full data, as a
   daily full re-export. Day 1 is the same exports without the newest rows: the cutoff is the
   timestamp quantile with NEW_FRACTION (0.3%) of all timestamped rows after it, over the event or
   version timestamp of each export (the column the base_ model orders versions by, TIMESTAMPS below,
   parsed leniently with try_cast in UTC). Rows without a parsable timestamp stay in day 1; rows that
   follow a parent (PARENTS: shop_order_lines follow their order by order_id) go with it. Files are
   written with DuckDB COPY ... (FORMAT parquet), every column text, in the export's column order.
3. Runs `dbt build --target dev --exclude-resource-type unit_test` as a subprocess (this checkout's
   project, FIRSTPARTY_DUCKDB_PATH=WORKDIR/bench.duckdb, deleted first) with vars raw_path = day1,
   raw_format parquet and as_of = AS_OF, then the same with raw_path = day2 and as_of = AS_OF + 1 day
   into the same file, without --full-refresh (the incremental models append). AS_OF (--as-of) is the
   moment the day-1 export was taken; by default the end of the cutoff's UTC day, the way the
   generator's demo as_of is the end of its as-of day. dbt writes each run's artifacts and logs to
   WORKDIR/dbt-target-<run> and WORKDIR/logs-<run>.
   Measured per run: wall time of the dbt process (parse and start-up included); its peak RSS
   (ru_maxrss from os.wait4: DuckDB runs inside it); the DuckDB file size with its .wal afterwards;
   seconds per layer (the sum of execution_time in run_results.json of the nodes of models/staging,
   models/identity, models/governance, models/marts, all data tests, and seeds/hooks/other; nodes run
   on 2 threads, so layer seconds can add up to more than the wall time); connected-components rounds
   (max round_number of identity.int_identity__clusters__rounds, read after dbt exits); raw rows (the
   rows of the day's 15 files) and raw rows per wall second.
4. dbt overhead (issue 10, point 7: dbt's own overhead at most 1.3x the same SQL run directly; with
   --overhead, the default): right after the full build the database file is copied and, on one DuckDB
   connection to the copy (with the hmac_sha256 function registered as the dbt plugin does), the SQL
   dbt executed for each model and data test (its target/run file: the create-as statement of a table
   or view, the wrapped query of a test) is run again in the order the nodes finished, timed per node.
   Not replayed, and counted at dbt's own execution_time instead: seeds and hooks, python models,
   incremental and connected_components models (their SQL depends on state), and any node whose
   replay errors. The overhead ratio is dbt wall / (direct seconds + dbt seconds of the nodes not
   replayed): dbt's parse, start-up, scheduling, caching and materialisation steps (renames, drops,
   contract checks) over running the same statements one after another, with dbt's 2 threads
   against one connection. Also printed: dbt's execution_time of the replayed nodes over their direct
   time (per-node overhead only), and for both runs wall / sum of all node execution times.
5. Prints one table (a column per run) and machine information, and writes both to
   WORKDIR/bench_results.json. If a build fails the table is still printed with the failing nodes,
   and the script exits non-zero at the end. Nodes that fail on generated data by design
   (EXPECTED_FAILURES, with the reason: the generator's unparseable privacy requests, which the build
   must refuse) are counted and printed apart and do not make the run fail.

Not a test: it prints numbers. The split and the layer grouping are tested in
tests_py/test_bench_scale.py.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import duckdb

from firstparty.catalog import CATALOG
from firstparty.exports import EXPORTS

REPO_ROOT = Path(__file__).resolve().parents[1]
_SRC = REPO_ROOT / "src" / "firstparty"
# the generator's source: its package, its entry point and the name and value helpers it draws from
GENERATOR_FILES = (
    *sorted((_SRC / "generator").rglob("*.py")),
    _SRC / "generate.py",
    _SRC / "_synth.py",
    _SRC / "_names.py",
    _SRC / "exports.py",
)
DEFAULT_EXPORT_DATE = "2026-06-30"  # the generator's default --as-of


def _ts(column: str) -> str:
    """A raw text timestamp parsed leniently (ISO 8601 with or without offset; NULL when not a time)."""
    return f"try_cast(trim({column}) as timestamptz)"


# The event or version timestamp of each export: the column its base_ model orders versions by.
TIMESTAMPS: dict[str, str] = {
    "crm_contacts": _ts("updated_at"),
    "shop_customers": _ts("created_at"),
    "shop_orders": _ts("ordered_at"),
    "shop_refunds": _ts("refunded_at"),
    "esp_subscribers": _ts("subscribed_at"),
    "esp_events": _ts("occurred_at"),
    "web_events": _ts("occurred_at"),
    "ads_clicks": _ts("clicked_at"),
    "ads_conversions": _ts("converted_at"),
    "service_tickets": f"coalesce({_ts('closed_at')}, {_ts('opened_at')})",
    "pos_loyalty_members": _ts("enrolled_at"),
    "pos_transactions": _ts("transacted_at"),
    "consent_events": _ts("recorded_at"),
    "privacy_requests": _ts("received_at"),
}
# Exports without a timestamp of their own: (parent export, column holding the parent's key, parent key).
PARENTS: dict[str, tuple[str, str, str]] = {
    "shop_order_lines": ("shop_orders", "order_id", "order_id"),
}
LAYERS = ("staging", "identity", "governance", "marts", "tests", "seeds/other")
MODEL_LAYERS = ("staging", "identity", "governance", "marts")
RUNS = ("full_day1", "incremental_day2")
FAILED_STATUSES = {"error", "fail", "runtime error"}


# ---------------------------------------------------------------------------------------------- split


@dataclass
class Split:
    cutoff: datetime  # UTC, naive; rows strictly after it are day 2's new rows
    timestamped_rows: int
    new_rows: dict[str, int]  # per export
    day1_rows: dict[str, int]
    day2_rows: dict[str, int]


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def split_exports(source: Path, day1: Path, day2: Path, new_fraction: float = 0.003) -> Split:
    """Write day 1 (without the newest rows) and day 2 (everything) from the export files in `source`."""
    for export in EXPORTS:
        if (export.identifier in TIMESTAMPS) == (export.identifier in PARENTS):
            raise ValueError(f"{export.identifier}: needs exactly one of a timestamp or a parent")
    day1.mkdir(parents=True, exist_ok=True)
    day2.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.execute("set TimeZone = 'UTC'")
        for export in EXPORTS:
            path = _sql_path(source / f"{export.identifier}.parquet")
            con.execute(f"create view src_{export.identifier} as select * from read_parquet('{path}')")
        timestamps = " union all ".join(
            f"select {expr} as ts from src_{name}" for name, expr in TIMESTAMPS.items()
        )
        cutoff, timestamped = con.execute(
            f"select quantile_disc(ts, {1 - new_fraction!r}), count(ts) from ({timestamps})"
        ).fetchone()
        if cutoff is None:  # nothing timestamped: day 1 is everything
            cutoff = datetime(9999, 12, 31, tzinfo=UTC)
        cutoff = cutoff.astimezone(UTC).replace(tzinfo=None)
        cut = f"timestamp '{cutoff.isoformat(sep=' ')}'"
        is_new = {
            name: f"coalesce(timezone('UTC', {expr}) > {cut}, false)" for name, expr in TIMESTAMPS.items()
        }
        for name, (parent, column, parent_key) in PARENTS.items():
            # Keys first seen after the cutoff: in a new parent row and in no day-1 parent row.
            con.execute(
                f"create temp table new_keys_{name} as"
                f" select distinct trim({parent_key}) as k from src_{parent}"
                f" where {is_new[parent]} and trim({parent_key}) is not null"
                f" except select trim({parent_key}) from src_{parent} where not {is_new[parent]}"
            )
            is_new[name] = f"coalesce(trim({column}) in (select k from new_keys_{name}), false)"
        new_rows, day1_rows, day2_rows = {}, {}, {}
        for export in EXPORTS:
            name = export.identifier
            columns = ", ".join(f'"{c}"' for c in export.column_names)
            out1, out2 = _sql_path(day1 / f"{name}.parquet"), _sql_path(day2 / f"{name}.parquet")
            con.execute(
                f"copy (select {columns} from src_{name} where not {is_new[name]})"
                f" to '{out1}' (format parquet)"
            )
            con.execute(f"copy (select {columns} from src_{name}) to '{out2}' (format parquet)")
            day1_rows[name] = con.execute(f"select count(*) from read_parquet('{out1}')").fetchone()[0]
            day2_rows[name] = con.execute(f"select count(*) from read_parquet('{out2}')").fetchone()[0]
            new_rows[name] = day2_rows[name] - day1_rows[name]
    finally:
        con.close()
    return Split(cutoff, timestamped, new_rows, day1_rows, day2_rows)


def default_as_of(cutoff: datetime) -> datetime:
    """The end of the cutoff's day (midnight after it): the moment the day-1 exports were taken."""
    return datetime.combine(cutoff.date() + timedelta(days=1), datetime.min.time())


# ------------------------------------------------------------------------------------- dbt artifacts


def layer_of(resource_type: str, original_file_path: str | None) -> str:
    """The benchmark layer of a dbt node: a model folder, tests, or seeds/other."""
    if resource_type in ("test", "unit_test"):
        return "tests"
    if resource_type == "model" and original_file_path:
        parts = Path(original_file_path).parts
        if len(parts) > 2 and parts[0] == "models" and parts[1] in MODEL_LAYERS:
            return parts[1]
    return "seeds/other"


def _nodes(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {**manifest.get("nodes", {}), **manifest.get("unit_tests", {})}


def layer_times(run_results: dict[str, Any], manifest: dict[str, Any]) -> dict[str, float]:
    """Seconds of execution_time per layer, summed over the nodes of run_results."""
    nodes = _nodes(manifest)
    times = dict.fromkeys(LAYERS, 0.0)
    for result in run_results["results"]:
        node = nodes.get(result["unique_id"], {})
        resource_type = node.get("resource_type", result["unique_id"].split(".")[0])
        times[layer_of(resource_type, node.get("original_file_path"))] += result["execution_time"] or 0.0
    return times


# Nodes that fail on generated data by design, with the reason; printed, never counted as a failed run.
EXPECTED_FAILURES: dict[str, str] = {
    "test.firstparty.assert_every_privacy_request_is_honoured_or_acknowledged": (
        "the generator writes unparseable privacy requests on purpose (noise); the build must refuse them"
        " until an operator acknowledges them (issue 11), and none of the generated ones is acknowledged"
    ),
}


def matching_seconds(run_results: dict[str, Any]) -> float:
    """Seconds of probabilistic matching: its models (int_identity__match_*, the fit) and their tests."""
    return sum(
        result["execution_time"]
        for result in run_results["results"]
        if any(
            name in result["unique_id"]
            for name in ("int_identity__match_", "identity_match_model_fit", "int_identity__match_fitted")
        )
    )


def failing_nodes(run_results: dict[str, Any]) -> list[str]:
    """Failed nodes, expected failures (EXPECTED_FAILURES) left out."""
    return [
        r["unique_id"]
        for r in run_results["results"]
        if r["status"] in FAILED_STATUSES and r["unique_id"] not in EXPECTED_FAILURES
    ]


def expected_failures(run_results: dict[str, Any]) -> list[str]:
    return [
        r["unique_id"]
        for r in run_results["results"]
        if r["status"] in FAILED_STATUSES and r["unique_id"] in EXPECTED_FAILURES
    ]


# ---------------------------------------------------------------------------------------------- runs


@dataclass
class RunResult:
    name: str
    raw_path: str
    as_of: str
    returncode: int = 0
    wall_s: float = 0.0
    peak_rss_bytes: int = 0
    db_bytes: int = 0
    raw_rows: int = 0
    layer_s: dict[str, float] = field(default_factory=dict)
    node_s: float = 0.0
    threads: int = 0
    nodes: int = 0
    failing: list[str] = field(default_factory=list)
    expected_failing: list[str] = field(default_factory=list)
    skipped: int = 0
    cc_rounds: int | None = None
    match_pairs: int | None = None
    match_links: int | None = None
    matching_s: float = 0.0
    target_path: str = ""
    log: str = ""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT / "src"), env.get("PYTHONPATH")) if p)
    env.setdefault("DBT_PROFILES_DIR", str(REPO_ROOT))
    env.update({"DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DO_NOT_TRACK": "1"})
    if not env.get("FIRSTPARTY_HMAC_KEY"):
        env.setdefault("FIRSTPARTY_DEMO_HMAC_KEY", "1")  # as `make build` does: synthetic data only
    return env


def _dbt() -> list[str]:
    dbt = Path(sys.executable).parent / "dbt"
    return [str(dbt)] if dbt.exists() else [sys.executable, "-m", "dbt.cli.main"]


def count_rows(folder: Path) -> int:
    con = duckdb.connect()
    try:
        return sum(
            con.execute(
                f"select count(*) from read_parquet('{_sql_path(folder / f'{e.identifier}.parquet')}')"
            ).fetchone()[0]
            for e in EXPORTS
        )
    finally:
        con.close()


def db_size(db: Path) -> int:
    return sum(p.stat().st_size for p in (db, Path(f"{db}.wal")) if p.exists())


def run_dbt_build(run: RunResult, db: Path, workdir: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """One `dbt build` subprocess: wall time and peak RSS; returns run_results and manifest."""
    target = workdir / f"dbt-target-{run.name}"
    shutil.rmtree(target, ignore_errors=True)
    run.target_path = str(target)
    run.log = str(workdir / f"dbt-{run.name}.log")
    dbt_vars = f"{{raw_path: '{run.raw_path}', raw_format: parquet, as_of: '{run.as_of}'}}"
    command = [*_dbt(), "build", "--target", "dev", "--exclude-resource-type", "unit_test",
               "--vars", dbt_vars, "--target-path", str(target),
               "--log-path", str(workdir / f"logs-{run.name}")]  # fmt: skip
    env = _env() | {"FIRSTPARTY_DUCKDB_PATH": str(db)}
    print(f"[{run.name}] {' '.join(command)}", flush=True)
    with open(run.log, "w") as log:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        run.wall_s = time.perf_counter() - started
    proc.returncode = run.returncode = os.waitstatus_to_exitcode(status)
    run.peak_rss_bytes = usage.ru_maxrss * 1024  # KiB on Linux
    run.db_bytes = db_size(db)
    results_path, manifest_path = target / "run_results.json", target / "manifest.json"
    run_results = json.loads(results_path.read_text()) if results_path.exists() else {"results": []}
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    run.layer_s = layer_times(run_results, manifest)
    run.node_s = sum(run.layer_s.values())
    run.nodes = len(run_results["results"])
    run.threads = len({r["thread_id"] for r in run_results["results"] if r.get("thread_id")})
    run.failing = failing_nodes(run_results)
    run.expected_failing = expected_failures(run_results)
    run.skipped = sum(r["status"] == "skipped" for r in run_results["results"])
    run.matching_s = matching_seconds(run_results)
    try:
        con = duckdb.connect(str(db), read_only=True)
        try:
            run.cc_rounds = con.execute(
                "select max(round_number) from identity.int_identity__clusters__rounds"
            ).fetchone()[0]
            run.match_pairs, run.match_links = con.execute(
                "select count(*), count(case when is_match then 1 end)"
                " from identity.int_identity__match_scores"
            ).fetchone()
        finally:
            con.close()
    except duckdb.Error as error:
        print(f"[{run.name}] no connected-components rounds: {error}".splitlines()[0])
    print(f"[{run.name}] exit {run.returncode}, {run.wall_s:.1f} s, log {run.log}", flush=True)
    if run.returncode:
        print("".join(Path(run.log).read_text().splitlines(keepends=True)[-25:]))
    return run_results, manifest


# ------------------------------------------------------------------------------------------ overhead


def _register_hmac(con: duckdb.DuckDBPyConnection) -> None:
    """The keyed hash with the key dbt's runs had: resolved from _env() (the public demo key unless
    FIRSTPARTY_HMAC_KEY is set), not from this process's environment, which may have neither; without
    it every model that hashes failed its replay and was left out of the overhead (session 18)."""
    from firstparty.keyed_hash import DEMO_VARIABLE, KEY_VARIABLE, Plugin

    run_env = _env()
    key_env = {name: run_env[name] for name in (KEY_VARIABLE, DEMO_VARIABLE) if name in run_env}
    with mock.patch.dict(os.environ, key_env):  # restored on exit: the key lives in the connection
        Plugin("keyed_hash", {}).configure_connection(con)


def replay_direct(
    db: Path, run_results: dict[str, Any], manifest: dict[str, Any], target: Path, copy_dir: Path
) -> dict[str, Any]:
    """Run the SQL dbt ran for each model and data test again, on one connection to a copy of `db`."""
    shutil.rmtree(copy_dir, ignore_errors=True)
    copy_dir.mkdir(parents=True)
    copy = copy_dir / db.name
    for path in (db, Path(f"{db}.wal")):
        if path.exists():
            shutil.copyfile(path, copy_dir / path.name)
    nodes = _nodes(manifest)
    replayed: dict[str, float] = {}
    dbt_s: dict[str, float] = {}
    not_replayed: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    # Attached under the catalog name dbt's SQL uses (profiles.yml attaches every build file as firstparty).
    con = duckdb.connect()
    con.execute(f"attach '{copy}' as \"{CATALOG}\"")
    con.execute(f'use "{CATALOG}"')
    try:
        _register_hmac(con)
        for result in run_results["results"]:
            uid = result["unique_id"]
            node = nodes.get(uid, {})
            resource_type = node.get("resource_type", uid.split(".")[0])
            materialized = node.get("config", {}).get("materialized")
            reason = None
            if resource_type not in ("model", "test"):
                reason = resource_type
            elif result["status"] not in ("success", "pass", "warn", "fail"):
                reason = f"status {result['status']}"
            elif node.get("language") == "python":
                reason = "python model"
            elif resource_type == "model" and materialized not in ("table", "view"):
                reason = f"{materialized} model"
            run_sql = target / "run" / node.get("package_name", "") / node.get("original_file_path", "")
            if resource_type == "test" and node.get("path"):
                run_sql = target / "run" / node["package_name"] / node["original_file_path"] / node["path"]
                if not run_sql.is_file():  # singular tests: the file itself
                    run_sql = target / "run" / node["package_name"] / node["original_file_path"]
            if reason is None and not run_sql.is_file():
                reason = "no target/run file"
            if reason is not None:
                not_replayed.setdefault(reason, []).append(uid)
                continue
            sql = run_sql.read_text()
            started = time.perf_counter()
            try:
                con.execute(sql).fetchall()
            except duckdb.Error as error:
                errors[uid] = str(error).splitlines()[0][:200]
                not_replayed.setdefault("replay error", []).append(uid)
                continue
            replayed[uid] = time.perf_counter() - started
            dbt_s[uid] = result["execution_time"]
            if resource_type == "model":  # not timed: drop the __dbt_tmp relation the statement made
                kind = "view" if materialized == "view" else "table"
                tmp = f'"{node["database"]}"."{node["schema"]}"."{node["alias"]}__dbt_tmp"'
                con.execute(f"drop {kind} if exists {tmp}")
    finally:
        con.close()
        shutil.rmtree(copy_dir, ignore_errors=True)
    results = {r["unique_id"]: r for r in run_results["results"]}
    not_replayed_s = sum(results[u]["execution_time"] or 0.0 for us in not_replayed.values() for u in us)
    slowest = sorted(replayed, key=lambda u: -dbt_s[u])[:10]
    return {
        "replayed_nodes": len(replayed),
        "direct_s": sum(replayed.values()),
        "dbt_s_of_replayed": sum(dbt_s.values()),
        "not_replayed": {reason: len(uids) for reason, uids in not_replayed.items()},
        "not_replayed_dbt_s": not_replayed_s,
        "not_replayed_nodes": not_replayed,
        "replay_errors": errors,
        "slowest_replayed": {u: {"dbt_s": dbt_s[u], "direct_s": replayed[u]} for u in slowest},
    }


# ------------------------------------------------------------------------------------------- report


def _generator_sha256() -> str:
    digest = hashlib.sha256()
    for path in GENERATOR_FILES:
        digest.update(path.relative_to(REPO_ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def generate(persons: int, seed: int, export_date: str, out: Path) -> float:
    """Generate (or reuse) the exports; returns the seconds spent generating (0 when reused)."""
    stamp = out / "generated.json"
    wanted = {
        "persons": persons,
        "seed": seed,
        "as_of": export_date,
        "format": "parquet",
        "generator_sha256": _generator_sha256(),
    }
    if stamp.exists() and json.loads(stamp.read_text()) == wanted:
        print(f"reusing the exports in {out}")
        return 0.0
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "firstparty.generate", "--persons", str(persons), "--seed", str(seed),
               "--out", str(out), "--format", "parquet", "--as-of", export_date, "--quiet"]  # fmt: skip
    started = time.perf_counter()
    subprocess.run(command, cwd=REPO_ROOT, env=_env(), check=True)
    stamp.write_text(json.dumps(wanted, indent=2) + "\n")
    return time.perf_counter() - started


def _git_commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + (" (dirty)" if git("status", "--porcelain", "--untracked-files=no") else "")


def machine_info() -> dict[str, Any]:
    total = None
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                total = int(line.split()[1]) * 1024
    return {
        "nproc": os.cpu_count(),
        "memory_gib": round(total / 2**30, 1) if total else None,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "git_commit": _git_commit(),
    }


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def table_rows(persons: int, runs: list[RunResult], overhead: dict[str, Any] | None) -> list[tuple[str, ...]]:
    full = runs[0]
    rows: list[tuple[str, ...]] = [("", *(r.name for r in runs))]
    rows.append(("persons", *(_fmt(persons) for _ in runs)))
    rows.append(("raw rows", *(_fmt(r.raw_rows) for r in runs)))
    rows.append(("as_of", *(r.as_of for r in runs)))
    rows.append(("wall s", *(_fmt(r.wall_s) for r in runs)))
    for layer in LAYERS:
        rows.append((f"{layer} s", *(_fmt(r.layer_s.get(layer)) for r in runs)))
    rows.append(("sum of node s", *(_fmt(r.node_s) for r in runs)))
    rows.append(("peak RSS GiB", *(_fmt(r.peak_rss_bytes / 2**30, 2) for r in runs)))
    rows.append(("DuckDB file GB", *(_fmt(r.db_bytes / 1e9, 3) for r in runs)))
    rows.append(("CC rounds", *(_fmt(r.cc_rounds) for r in runs)))
    rows.append(("match pairs compared", *(_fmt(r.match_pairs) for r in runs)))
    rows.append(("probabilistic matches", *(_fmt(r.match_links) for r in runs)))
    rows.append(("matching s (of node s)", *(_fmt(r.matching_s) for r in runs)))
    rows.append(("raw rows/s", *(_fmt(r.raw_rows / r.wall_s if r.wall_s else None, 0) for r in runs)))
    rows.append(
        (
            "incremental/full time",
            "-",
            *(_fmt(r.wall_s / full.wall_s if full.wall_s else None, 2) for r in runs[1:]),
        )
    )
    ratio = None
    if overhead and overhead["direct_s"] + overhead["not_replayed_dbt_s"] > 0:
        ratio = full.wall_s / (overhead["direct_s"] + overhead["not_replayed_dbt_s"])
    rows.append(("dbt overhead ratio", _fmt(ratio, 2), *("-" for _ in runs[1:])))
    if overhead:
        per_node = overhead["dbt_s_of_replayed"] / overhead["direct_s"] if overhead["direct_s"] else None
        rows.append(("  replayed nodes", _fmt(overhead["replayed_nodes"]), *("-" for _ in runs[1:])))
        rows.append(("  direct s (replayed)", _fmt(overhead["direct_s"]), *("-" for _ in runs[1:])))
        rows.append(("  dbt s (replayed)", _fmt(overhead["dbt_s_of_replayed"]), *("-" for _ in runs[1:])))
        rows.append(
            ("  dbt s (not replayed)", _fmt(overhead["not_replayed_dbt_s"]), *("-" for _ in runs[1:]))
        )
        rows.append(("  per-node dbt/direct", _fmt(per_node, 2), *("-" for _ in runs[1:])))
    rows.append(("wall / sum of node s", *(_fmt(r.wall_s / r.node_s if r.node_s else None, 2) for r in runs)))
    rows.append(
        (
            "wall / (node s / threads)",
            *(_fmt(r.wall_s * r.threads / r.node_s if r.node_s else None, 2) for r in runs),
        )
    )
    rows.append(("nodes (skipped)", *(f"{r.nodes:,} ({r.skipped:,})" for r in runs)))
    rows.append(("failing nodes", *(_fmt(len(r.failing)) for r in runs)))
    rows.append(("expected failures", *(_fmt(len(r.expected_failing)) for r in runs)))
    rows.append(("dbt exit code", *(_fmt(r.returncode) for r in runs)))
    return rows


def format_table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=None, help="default target/bench/<persons>-<seed>")
    parser.add_argument("--export-date", default=DEFAULT_EXPORT_DATE, help="the generator's --as-of")
    parser.add_argument(
        "--new-fraction", type=float, default=0.003, help="share of timestamped rows new on day 2"
    )
    parser.add_argument(
        "--as-of",
        default=None,
        help="dbt var as_of of day 1, 'YYYY-MM-DD HH:MM:SS' (default: end of the cutoff day)",
    )
    parser.add_argument("--overhead", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument(
        "--day1-only",
        action="store_true",
        help="build day 1 only (no incremental day 2): a size whose two runs would not fit the disk",
    )
    args = parser.parse_args()
    workdir = (args.workdir or REPO_ROOT / "target" / "bench" / f"{args.persons}-{args.seed}").resolve()
    workdir.mkdir(parents=True, exist_ok=True)

    machine = machine_info()
    load_before = os.getloadavg()
    generated_s = generate(args.persons, args.seed, args.export_date, workdir / "generated")
    started = time.perf_counter()
    split = split_exports(workdir / "generated", workdir / "day1", workdir / "day2", args.new_fraction)
    split_s = time.perf_counter() - started
    as_of = datetime.fromisoformat(args.as_of) if args.as_of else default_as_of(split.cutoff)
    print(
        f"split in {split_s:.1f} s: cutoff {split.cutoff} UTC, {sum(split.new_rows.values()):,} new rows of "
        f"{sum(split.day2_rows.values()):,} ({split.timestamped_rows:,} timestamped); day-1 as_of {as_of}",
        flush=True,
    )

    db = workdir / "bench.duckdb"
    for path in (db, Path(f"{db}.wal")):
        path.unlink(missing_ok=True)
    runs: list[RunResult] = []
    overhead = None
    for i, name in enumerate(RUNS[:1] if args.day1_only else RUNS):
        folder = workdir / ("day1", "day2")[i]
        run = RunResult(name, str(folder), (as_of + timedelta(days=i)).strftime("%Y-%m-%d %H:%M:%S"))
        run.raw_rows = count_rows(folder)
        run_results, manifest = run_dbt_build(run, db, workdir)
        runs.append(run)
        if i == 0 and args.overhead and run_results["results"]:
            started = time.perf_counter()
            overhead = replay_direct(db, run_results, manifest, Path(run.target_path), workdir / "direct")
            print(
                f"direct replay in {time.perf_counter() - started:.1f} s: {overhead['not_replayed']}",
                flush=True,
            )
    load_after = os.getloadavg()

    print()
    print(format_table(table_rows(args.persons, runs, overhead)))
    print()
    print(
        f"machine: {machine['nproc']} CPUs, {machine['memory_gib']} GiB, {machine['platform']}, python "
        f"{machine['python']}, duckdb {machine['duckdb']}; {machine['date']}; git {machine['git_commit']}"
    )
    print(f"load average (1, 5, 15 min) before {load_before}, after {load_after}")
    print(f"generation {generated_s:.1f} s (0 = reused), split {split_s:.1f} s, work dir {workdir}")
    if overhead:
        print("slowest replayed nodes of the full build (dbt s, direct s):")
        for uid, times in overhead["slowest_replayed"].items():
            print(f"  {times['dbt_s']:7.2f} {times['direct_s']:7.2f}  {uid}")
    if overhead and overhead["replay_errors"]:
        print(f"replay errors ({len(overhead['replay_errors'])}):")
        for uid, message in overhead["replay_errors"].items():
            print(f"  {uid}: {message}")
    for run in runs:
        if run.failing:
            print(f"{run.name}: failing nodes ({len(run.failing)}):")
            for uid in run.failing:
                print(f"  {uid}")

    results = {
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "machine": machine | {"loadavg_before": load_before, "loadavg_after": load_after},
        "generation_s": generated_s,
        "split": asdict(split) | {"cutoff": split.cutoff.isoformat(sep=" "), "seconds": split_s},
        "runs": {run.name: asdict(run) for run in runs},
        "overhead": overhead,
        "table": table_rows(args.persons, runs, overhead),
    }
    (workdir / "bench_results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"results: {workdir / 'bench_results.json'}")
    for uid in sorted({uid for run in runs for uid in run.expected_failing}):
        print(f"expected failure {uid}: {EXPECTED_FAILURES[uid]}")
    failed = any(run_failed(run) for run in runs)
    return 1 if failed else 0


def run_failed(run: RunResult) -> bool:
    """A failing node, or a non-zero dbt exit not explained by expected failures (dbt exits 1 on those)."""
    explained = run.returncode == 1 and bool(run.expected_failing)
    return bool(run.failing) or (run.returncode != 0 and not explained)


if __name__ == "__main__":
    raise SystemExit(main())
