"""Publishing the public models (firstparty.publish): readers never blocked, never a half-built state.

A throwaway dbt project with two public models that carry the release number (env var RELEASE) in every
row (one reads the other) and one private model is built into its own DuckDB file and published. A
reader in another process then polls `published/current` (it resolves the symlink once per read, then
reads the DuckDB file's two models, its publication table and the two Parquet files) and also keeps one
connection open all the time, while the test runs a second build (release 2), publishes it, then runs a
third build that fails and tries to publish it. The reader must see release 1, then release 2, each read
wholly of one release, never an error; its open connection keeps reading release 1 after the swap and
after that version's folder is deleted; the failed build publishes nothing.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
import yaml
from dbt_helpers import REPO_ROOT

from firstparty import publish

READER = r"""
import json, os, sys, time
import duckdb

out, log, stop = sys.argv[1], sys.argv[2], sys.argv[3]
held = duckdb.connect(os.path.join(out, "current", "firstparty.duckdb"), read_only=True)

def read(connection, version_dir):
    row = connection.execute(
        "select info.version, (select list(distinct release) from main.release_customers),"
        " (select list(distinct release) from main.release_orders)"
        " from publication.info as info"
    ).fetchone()
    parquet = [
        connection.execute(
            f"select list(distinct release) from read_parquet('{version_dir}/parquet/{name}.parquet')"
        ).fetchone()[0]
        for name in ("release_customers", "release_orders")
    ] if version_dir else []
    return {"version": row[0], "releases": [row[1], row[2], *parquet]}

with open(log, "w") as handle:
    while not os.path.exists(stop):
        observation = {"at": time.time()}
        try:
            version_dir = os.path.realpath(os.path.join(out, "current"))
            with duckdb.connect(os.path.join(version_dir, "firstparty.duckdb"), read_only=True) as connection:
                observation["current"] = read(connection, version_dir)
            observation["held"] = read(held, None)
        except Exception as error:
            observation["error"] = repr(error)
        handle.write(json.dumps(observation) + "\n")
        handle.flush()
        time.sleep(0.02)
"""

MODELS = {
    "release_customers.sql": (
        "select {{ env_var('RELEASE') }} as release, range as customer_number\nfrom range(50)\n"
    ),
    "release_orders.sql": (
        "select release, customer_number, customer_number * 2 as order_number\n"
        "from {{ ref('release_customers') }}\n"
    ),
    "release_private.sql": (
        "{% if env_var('FAIL', 'no') == 'yes' %}select error('this build fails on purpose') as release\n"
        "{% else %}select {{ env_var('RELEASE') }} as release{% endif %}\n"
    ),
}

PROPERTIES = {
    "version": 2,
    "models": [
        {"name": "release_customers", "config": {"access": "public"}},
        {"name": "release_orders", "config": {"access": "public"}},
        {"name": "release_private", "config": {"access": "private"}, "group": "builders"},
    ],
    "groups": [{"name": "builders", "owner": {"name": "firstparty"}}],
}

DBT = Path(sys.executable).parent / "dbt"

pytestmark = pytest.mark.slow


def _write_project(project_dir: Path) -> None:
    (project_dir / "models").mkdir(parents=True)
    project = {
        "name": "firstparty",
        "version": "0.1.0",
        "config-version": 2,
        "profile": "firstparty",
        "model-paths": ["models"],
        "models": {"firstparty": {"+materialized": "table"}},
    }
    (project_dir / "dbt_project.yml").write_text(yaml.safe_dump(project))
    for name, sql in MODELS.items():
        (project_dir / "models" / name).write_text(sql)
    (project_dir / "models" / "_models.yml").write_text(yaml.safe_dump(PROPERTIES))


@pytest.fixture(scope="module")
def published_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Build and publish release 1; build release 2 and publish it, then a failing build, with a reader
    polling the published folder throughout; return what happened."""
    root = tmp_path_factory.mktemp("publish")
    project_dir, out, db_path = root / "project", root / "published", root / "build.duckdb"
    _write_project(project_dir)
    git = ["git", "-c", "user.name=firstparty", "-c", "user.email=firstparty@example.org"]
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "release"]):
        subprocess.run([*git, *command], cwd=project_dir, check=True)

    def build(release: int, fail: bool = False) -> bool:
        """dbt build in a process of its own, as `make build` runs it (dbt keeps its DuckDB file open)."""
        return (
            subprocess.run(
                [str(DBT), "build", "--project-dir", str(project_dir)]
                + ["--profiles-dir", str(REPO_ROOT), "--target-path", str(root / "target")]
                + ["--log-path", str(root / "logs")],
                env={
                    **os.environ,
                    "FIRSTPARTY_DUCKDB_PATH": str(db_path),
                    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
                    # env vars, not --vars: a changed var makes dbt parse the project again from scratch
                    "RELEASE": str(release),
                    "FAIL": "yes" if fail else "no",
                },
                capture_output=True,
            ).returncode
            == 0
        )

    def publish_now() -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "firstparty.publish", "--database", str(db_path), "--out", str(out)]
            + [
                "--target-path",
                str(root / "target"),
                "--project-dir",
                str(project_dir),
                "--grace-seconds",
                "0.5",
            ],
            capture_output=True,
            text=True,
        )

    def published() -> dict:
        return json.loads((out / "current" / "publication.json").read_text())

    assert build(1)
    assert publish_now().returncode == 0
    first = published()
    (out / ".incoming-left-by-a-killed-publication").mkdir()
    log, stop = root / "reader.jsonl", root / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(out), str(log), str(stop)])
    try:
        while not log.exists() or not log.read_text().strip():
            time.sleep(0.05)
        build_started = time.time()
        second_build_ok = build(2)
        build_ended = time.time()
        second_publication = publish_now()
        second = published()
        time.sleep(1.0)  # the reader sees release 2; release 1's folder is gone (grace 0.5 s)
        failed_build_ok = build(3, fail=True)
        failed_publication = publish_now()
        time.sleep(0.3)
    finally:
        stop.touch()
        reader.wait(timeout=30)
    observations = [json.loads(line) for line in log.read_text().splitlines()]
    return {
        "out": out,
        "first": first,
        "second": second,
        "second_build_ok": second_build_ok,
        "failed_build_ok": failed_build_ok,
        "second_publication": second_publication,
        "failed_publication": failed_publication,
        "build_window": (build_started, build_ended),
        "observations": observations,
    }


def test_reader_sees_release_1_then_release_2_never_an_error_or_a_mix(published_run: dict) -> None:
    observations = published_run["observations"]
    assert published_run["second_build_ok"]
    assert [o for o in observations if "error" in o] == []
    versions = {published_run["first"]["version"]: 1, published_run["second"]["version"]: 2}
    seen = []
    for observation in observations:
        current = observation["current"]
        release = versions[current["version"]]
        assert current["releases"] == [[release]] * 4, observation  # both models, DuckDB and Parquet
        seen.append(release)
    assert seen == sorted(seen) and seen[0] == 1 and seen[-1] == 2
    build_started, build_ended = published_run["build_window"]
    during_build = [o for o in observations if build_started <= o["at"] <= build_ended]
    assert len(during_build) > 10 and all(versions[o["current"]["version"]] == 1 for o in during_build)


def test_an_open_connection_keeps_its_version_after_the_swap_and_the_folder_is_gone(
    published_run: dict,
) -> None:
    out, first = published_run["out"], published_run["first"]
    assert not (out / "versions" / first["version"]).exists()
    held = [o["held"] for o in published_run["observations"]]
    assert held and all(h == {"version": first["version"], "releases": [[1], [1]]} for h in held)


def test_a_failed_build_leaves_the_published_version_intact(published_run: dict) -> None:
    out, second = published_run["out"], published_run["second"]
    assert not published_run["failed_build_ok"]
    failed = published_run["failed_publication"]
    assert failed.returncode == 1
    assert (
        "nothing published: the last dbt build did not succeed: model.firstparty.release_private (error)"
        in (failed.stderr)
    )
    assert f"current is still {second['version']}" in failed.stderr
    assert publish.current_version(out) == second["version"]
    assert [path.name for path in (out / "versions").iterdir()] == [second["version"]]
    assert not list(out.glob(".incoming-*"))  # the killed publication's leftover is cleaned up


def test_the_published_copy_is_read_only_and_records_its_build(published_run: dict) -> None:
    out, second = published_run["out"], published_run["second"]
    current = out / "current"
    info = json.loads((current / "publication.json").read_text())
    assert info == second
    assert f"published 2 public models (100 rows) as {out}/current -> versions/{second['version']}" in (
        published_run["second_publication"].stdout
    )
    assert [model["name"] for model in info["models"]] == ["release_customers", "release_orders"]
    assert {model["row_count"] for model in info["models"]} == {50}
    assert info["as_of"] and info["built_at"] and info["published_at"]
    assert len(info["git_commit"]) == 40
    with duckdb.connect(str(current / "firstparty.duckdb"), read_only=True) as connection:
        tables = connection.execute(
            "select schema_name || '.' || table_name from duckdb_tables() order by 1"
        ).fetchall()
        assert tables == [
            ("main.release_customers",),
            ("main.release_orders",),
            ("publication.info",),
            ("publication.models",),
        ]  # the private model is not published
    for path in [current / "firstparty.duckdb", *(current / "parquet").iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o444, path


@pytest.mark.parametrize(
    ("project_vars", "cli_vars", "expected"),
    [
        ({"as_of": None, "demo_as_of": "2026-07-01 00:00:00"}, {}, "2026-07-01 00:00:00"),
        ({"as_of": None, "demo_as_of": "2026-07-01 00:00:00"}, {"as_of": "2026-05-01"}, "2026-05-01"),
        ({"as_of": None, "demo_as_of": "2026-07-01 00:00:00"}, {"raw_path": "/data"}, "2026-12-03 18:00:00"),
        ({"demo_as_of": "2026-07-01 00:00:00"}, {"load_demo_seeds": False}, "2026-12-03 18:00:00"),
    ],
)
def test_as_of_follows_macro_as_of_timestamp(project_vars: dict, cli_vars: dict, expected: str) -> None:
    assert publish.resolve_as_of(project_vars, cli_vars, "2026-12-03T18:00:00.123456Z") == expected


def test_only_a_green_dbt_build_is_published() -> None:
    results = [
        {"unique_id": "model.firstparty.a", "status": "success"},
        {"unique_id": "test.x", "status": "warn"},
    ]
    publish.check_build({"args": {"which": "build"}, "results": results})
    with pytest.raises(publish.PublishError, match="not `dbt build`"):
        publish.check_build({"args": {"which": "run"}, "results": results})
    with pytest.raises(publish.PublishError, match=r"model.firstparty.b \(skipped\)"):
        publish.check_build(
            {
                "args": {"which": "build"},
                "results": [*results, {"unique_id": "model.firstparty.b", "status": "skipped"}],
            }
        )
