"""Publish the public models of a green build for readers: a read-only DuckDB file and Parquet files.

Readers (BI tools, notebooks, the dashboard) never open the build database: a process holding a DuckDB
file blocks `dbt build`, and a build in progress (or killed) leaves a mix of old and new tables. After
a green `dbt build` (`make build` runs this next) the models with `access: public` in
`target/manifest.json` are copied into a new version folder:

    <out>/versions/<version>/firstparty.duckdb       every public model as <schema>.<name>, plus
                                                     publication.info and publication.models
    <out>/versions/<version>/parquet/<name>.parquet  one file per public model
    <out>/versions/<version>/publication.json        commit, as_of, build and publish times, row counts
    <out>/current -> versions/<version>              the published version (a symlink)

The build database is opened read-only, attached only while its tables are copied (about a second on
the demo) and detached before anything else is written. The version is written under
`<out>/.incoming-<id>`, renamed into `versions/` when complete, and `current` is then replaced by a new
symlink with one rename: a reader that opens `current/...` sees the previous version or the new one,
never a part of either. Nothing is published when the last `dbt build` (`target/run_results.json`) did
not succeed, so a failed or killed build leaves the last published version as it was. Older versions
are deleted a few seconds after the swap (a reader that resolved `current` just before it can still
open its file); a connection already open keeps reading its version's file until it closes (POSIX
keeps an open file readable after it is removed), while the versions on disk hold no one erased since.

    python -m firstparty.publish [--database firstparty.duckdb] [--out published] [--target-path target]
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import yaml

DATABASE_FILE = "firstparty.duckdb"
# A dbt result status that means the build did not do what it should have (warn is fine).
FAILED_STATUSES = {"error", "fail", "runtime error", "skipped"}
DEFAULT_GRACE_SECONDS = 3.0


class PublishError(RuntimeError):
    """Nothing was published; the message says why and which version stays published."""


@dataclass(frozen=True)
class PublicModel:
    schema: str
    name: str  # the relation's name (alias), also the Parquet file's name

    @property
    def relation(self) -> str:
        return f'"{self.schema}"."{self.name}"'


def public_models(manifest: dict[str, Any]) -> list[PublicModel]:
    """Every enabled model with access public in the manifest, in name order."""
    models = [
        PublicModel(schema=node["schema"], name=node.get("alias") or node["name"])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node.get("access") == "public"
        and node["config"].get("enabled", True)
        and node["config"].get("materialized") != "ephemeral"
    ]
    return sorted(models, key=lambda model: (model.name, model.schema))


def check_build(run_results: dict[str, Any]) -> None:
    """Raise PublishError unless run_results is a `dbt build` where nothing errored, failed or was skipped."""
    command = run_results.get("args", {}).get("which")
    if command != "build":
        raise PublishError(f"the last dbt command in the target path was `dbt {command}`, not `dbt build`")
    failed = [result for result in run_results["results"] if result["status"] in FAILED_STATUSES]
    if failed:
        names = ", ".join(f"{result['unique_id']} ({result['status']})" for result in failed[:5])
        more = f" and {len(failed) - 5} more" if len(failed) > 5 else ""
        raise PublishError(f"the last dbt build did not succeed: {names}{more}")


def resolve_as_of(project_vars: dict[str, Any], cli_vars: dict[str, Any], started_at: str) -> str:
    """The build's as_of as macro as_of_timestamp resolves it: var as_of; else demo_as_of when the raw
    tables are the demo seeds (no raw_path, load_demo_seeds on); else the run's start (UTC)."""
    variables = {**project_vars, **cli_vars}
    if variables.get("as_of"):
        return str(variables["as_of"])
    from_seeds = variables.get("load_demo_seeds", True) and not variables.get("raw_path")
    if from_seeds and variables.get("demo_as_of"):
        return str(variables["demo_as_of"])
    return datetime.fromisoformat(started_at.replace("Z", "+00:00")).strftime("%Y-%m-%d %H:%M:%S")


def git_commit(project_dir: Path) -> dict[str, Any]:
    """The commit the project was built from and whether the tree had uncommitted changes (null: no git)."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=project_dir, capture_output=True, text=True, check=True
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=project_dir,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {"commit": None, "dirty": None}
    return {"commit": commit, "dirty": bool(status.strip())}


def current_version(out: Path) -> str | None:
    """The published version's name, or None before the first publication."""
    link = out / "current"
    return Path(os.readlink(link)).name if link.is_symlink() else None


@contextlib.contextmanager
def _publish_lock(out: Path) -> Iterator[None]:
    """One publication at a time per folder."""
    with (out / ".publish.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _copy_public_models(
    database: Path, target: Path, models: list[PublicModel]
) -> tuple[dict[str, int], float]:
    """Copy each public model from the build database into the new file `target`; return row counts and
    the seconds the build database was open (attached read-only for the copy only)."""
    counts: dict[str, int] = {}
    with duckdb.connect(str(target)) as connection:
        opened = time.monotonic()
        connection.execute(f"attach {_sql_string(str(database))} as build (read_only)")
        try:
            missing = [
                model.relation
                for model in models
                if not connection.execute(
                    "select count(*) from duckdb_tables() where database_name = 'build'"
                    " and schema_name = ? and table_name = ?",
                    [model.schema, model.name],
                ).fetchone()[0]
                and not connection.execute(
                    "select count(*) from duckdb_views() where database_name = 'build'"
                    " and schema_name = ? and view_name = ?",
                    [model.schema, model.name],
                ).fetchone()[0]
            ]
            if missing:
                raise PublishError(f"public models missing from {database}: {', '.join(missing)}")
            connection.execute("begin")
            for model in models:
                connection.execute(f'create schema if not exists "{model.schema}"')
                connection.execute(f"create table {model.relation} as select * from build.{model.relation}")
                counts[model.name] = connection.execute(f"select count(*) from {model.relation}").fetchone()[
                    0
                ]
            connection.execute("commit")
        finally:
            connection.execute("detach build")
            seconds_open = time.monotonic() - opened
    return counts, seconds_open


def _write_parquet(target: Path, parquet_dir: Path, models: list[PublicModel]) -> None:
    parquet_dir.mkdir()
    with duckdb.connect(str(target), read_only=True) as connection:
        for model in models:
            path = parquet_dir / f"{model.name}.parquet"
            connection.execute(f"copy {model.relation} to {_sql_string(str(path))} (format parquet)")


def _write_publication_tables(target: Path, info: dict[str, Any], counts: dict[str, int]) -> None:
    with duckdb.connect(str(target)) as connection:
        connection.execute("create schema publication")
        connection.execute(
            "create table publication.info as select ? as version, ? as git_commit, ? as git_dirty,"
            " cast(? as timestamp) as as_of, cast(? as timestamp) as built_at,"
            " cast(? as timestamp) as published_at, ? as dbt_invocation_id",
            [
                info["version"],
                info["git_commit"],
                info["git_dirty"],
                info["as_of"],
                info["built_at"].replace("Z", ""),
                info["published_at"].replace("Z", ""),
                info["dbt_invocation_id"],
            ],
        )
        connection.execute(
            "create table publication.models (schema_name varchar, model_name varchar, row_count bigint)"
        )
        for model in info["models"]:
            connection.execute(
                "insert into publication.models values (?, ?, ?)",
                [model["schema"], model["name"], counts[model["name"]]],
            )
        connection.execute("checkpoint")


def _prune(out: Path, keep: str, grace_seconds: float) -> None:
    """Delete every version but `keep` after `grace_seconds`, and any unfinished `.incoming-*` folder."""
    if grace_seconds > 0:
        time.sleep(grace_seconds)
    for version in (out / "versions").iterdir():
        if version.name != keep:
            shutil.rmtree(version, ignore_errors=True)


def publish(
    *,
    database: Path,
    out: Path,
    target_path: Path,
    project_dir: Path,
    grace_seconds: float = DEFAULT_GRACE_SECONDS,
) -> dict[str, Any]:
    """Publish the public models of `database` (the build's DuckDB file) into `out`; return its info."""
    manifest = json.loads((target_path / "manifest.json").read_text())
    run_results_path = target_path / "run_results.json"
    if not run_results_path.exists():
        raise PublishError(f"no {run_results_path}: run dbt build first")
    run_results = json.loads(run_results_path.read_text())
    check_build(run_results)
    models = public_models(manifest)
    if not models:
        raise PublishError("the manifest has no model with access: public")
    if not database.exists():
        raise PublishError(f"no build database at {database}")
    project = yaml.safe_load((project_dir / "dbt_project.yml").read_text()) or {}
    out.mkdir(parents=True, exist_ok=True)
    (out / "versions").mkdir(exist_ok=True)
    with _publish_lock(out):
        for leftover in out.glob(".incoming-*"):  # from a publication that was killed
            shutil.rmtree(leftover, ignore_errors=True)
        published_at = datetime.now(UTC)
        commit = git_commit(project_dir)
        version = (
            f"{published_at:%Y%m%dT%H%M%S%fZ}-{(commit['commit'] or 'nogit')[:7]}-{uuid.uuid4().hex[:6]}"
        )
        incoming = out / f".incoming-{version}"
        incoming.mkdir()
        try:
            info = _write_version(
                incoming, database, models, project, run_results, commit, version, published_at
            )
        except BaseException:
            shutil.rmtree(incoming, ignore_errors=True)
            raise
        final = out / "versions" / version
        os.rename(incoming, final)
        link = out / f".current-{uuid.uuid4().hex}"
        os.symlink(Path("versions") / version, link)
        os.replace(link, out / "current")
        _prune(out, version, grace_seconds)
    return info


def _write_version(
    incoming: Path,
    database: Path,
    models: list[PublicModel],
    project: dict[str, Any],
    run_results: dict[str, Any],
    commit: dict[str, Any],
    version: str,
    published_at: datetime,
) -> dict[str, Any]:
    """Write one complete version into the folder `incoming`: DuckDB file, Parquet files, publication.json."""
    metadata = run_results["metadata"]
    target = incoming / DATABASE_FILE
    counts, seconds_open = _copy_public_models(database, target, models)
    info = {
        "version": version,
        "git_commit": commit["commit"],
        "git_dirty": commit["dirty"],
        "as_of": resolve_as_of(
            project.get("vars") or {},
            run_results["args"].get("vars") or {},
            metadata.get("invocation_started_at") or metadata["generated_at"],
        ),
        "built_at": metadata["generated_at"],
        "published_at": published_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "dbt_invocation_id": metadata.get("invocation_id"),
        "dbt_target": run_results["args"].get("target"),
        "dbt_selection": run_results["args"].get("select") or [],
        "database": DATABASE_FILE,
        "build_database_open_seconds": round(seconds_open, 3),
        "models": [
            {
                "schema": model.schema,
                "name": model.name,
                "parquet": f"parquet/{model.name}.parquet",
                "row_count": counts[model.name],
            }
            for model in models
        ],
    }
    _write_publication_tables(target, info, counts)
    _write_parquet(target, incoming / "parquet", models)
    (incoming / "publication.json").write_text(json.dumps(info, indent=2) + "\n")
    target.chmod(0o444)
    for path in (incoming / "parquet").iterdir():
        path.chmod(0o444)
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m firstparty.publish", description=__doc__.split("\n\n", 1)[0]
    )
    parser.add_argument(
        "--database",
        type=Path,
        default=Path(os.environ.get("FIRSTPARTY_DUCKDB_PATH", "firstparty.duckdb")),
        help="the build's DuckDB file (default: $FIRSTPARTY_DUCKDB_PATH, else firstparty.duckdb)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(os.environ.get("FIRSTPARTY_PUBLISH_DIR", "published")),
        help="the published folder (default: $FIRSTPARTY_PUBLISH_DIR, else published)",
    )
    parser.add_argument("--target-path", type=Path, default=Path("target"), help="dbt's target path")
    parser.add_argument(
        "--project-dir", type=Path, default=Path("."), help="the dbt project (for git and vars)"
    )
    parser.add_argument(
        "--grace-seconds",
        type=float,
        default=DEFAULT_GRACE_SECONDS,
        help="seconds between the swap and deleting older versions",
    )
    args = parser.parse_args(argv)
    try:
        info = publish(
            database=args.database,
            out=args.out,
            target_path=args.target_path,
            project_dir=args.project_dir,
            grace_seconds=args.grace_seconds,
        )
    except PublishError as error:
        kept = current_version(args.out)
        still = f"; {args.out}/current is still {kept}" if kept else ""
        print(f"firstparty.publish: nothing published: {error}{still}", file=sys.stderr)
        return 1
    rows = sum(model["row_count"] for model in info["models"])
    print(
        f"firstparty.publish: published {len(info['models'])} public models ({rows} rows) as"
        f" {args.out}/current -> versions/{info['version']} (as_of {info['as_of']},"
        f" commit {(info['git_commit'] or 'none')[:12]}{' dirty' if info['git_dirty'] else ''});"
        f" the build database was open {info['build_database_open_seconds']} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
