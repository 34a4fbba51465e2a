"""Run dbt in-process against a throwaway DuckDB file, never the project's own target/ or database."""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from dbt.cli.main import dbtRunner
from dbt.contracts.graph.manifest import Manifest

from firstparty.catalog import close_connections

REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass
class DbtRun:
    """What one dbt invocation did: whether it succeeded, and every log line it wrote."""

    success: bool
    exception: BaseException | None
    messages: list[str] = field(default_factory=list)
    result: object = None  # what dbt returned: the node names for `dbt ls`, a RunExecutionResult for build

    def output(self) -> str:
        return "\n".join(self.messages)


@contextmanager
def _environment(overrides: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in overrides}
    os.environ.update(overrides)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# Parsed projects this test process has already parsed, by what the parse depends on (`_parse_key`).
# A whole-project parse takes about 8 CPU-seconds; pytest's dbt runs parsed about 30 times, a quarter of
# its CPU. dbt takes a parsed manifest in `dbtRunner(manifest=...)` and then does not parse again.
_PARSED: dict[tuple, Manifest] = {}
# Commands that run on a parsed project. `parse` itself always parses (test_portability, test_slim_ci).
_REUSES_PARSE = {"build", "run", "test", "seed", "compile", "ls", "list", "show", "run-operation", "source"}
# Vars whose values the parse never reads, only whether they are set: raw_path (with it set the demo seeds
# are disabled and some severities change) and as_of (read by model SQL when it runs). Every other var is
# part of the key as given. tests_py/test_dbt_helpers.py proves the parse does not depend on their values.
RUN_TIME_VARS = ("raw_path", "as_of")
# Where dbt reads a project's files from, unless its dbt_project.yml says otherwise.
_DEFAULT_PATHS = {
    "model-paths": ["models"],
    "macro-paths": ["macros"],
    "seed-paths": ["seeds"],
    "test-paths": ["tests"],
    "analysis-paths": ["analyses"],
    "snapshot-paths": ["snapshots"],
}


def _option(args: Sequence[str], name: str) -> str | None:
    return args[args.index(name) + 1] if name in args and args.index(name) + 1 < len(args) else None


def _project_fingerprint(project_dir: Path) -> str:
    """Every file dbt parses in the project (its yml files at the top, and every file under its model,
    macro, seed, test, analysis, snapshot and docs paths), by name, size and modification time: a test that
    writes a model into its project between runs gets a new parse."""
    project = yaml.safe_load((project_dir / "dbt_project.yml").read_text()) or {}
    folders = {folder for key, default in _DEFAULT_PATHS.items() for folder in project.get(key, default)}
    folders |= set(project.get("docs-paths", []))
    files = sorted(project_dir.glob("*.yml"))
    for folder in sorted(folders):
        files += sorted(path for path in (project_dir / folder).rglob("*") if path.is_file())
    digest = hashlib.sha256()
    for path in files:
        stat = path.stat()
        digest.update(f"{path.relative_to(project_dir)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _parse_key(args: Sequence[str], project_dir: Path, profiles_dir: Path) -> tuple | None:
    """What the parse of this invocation depends on, or None when the command must parse on its own."""
    if not args or args[0] not in _REUSES_PARSE or "--no-partial-parse" in args:
        return None
    variables = yaml.safe_load(_option(args, "--vars") or "{}") or {}
    if not isinstance(variables, dict):
        return None
    for name in RUN_TIME_VARS:
        if name in variables:
            variables[name] = bool(variables[name])
    return (
        str(project_dir.resolve()),
        str(profiles_dir.resolve()),
        _option(args, "--target"),
        repr(sorted(variables.items())),
        _project_fingerprint(project_dir),
    )


def run_dbt(
    args: Sequence[str],
    *,
    db_path: Path,
    work_dir: Path,
    project_dir: Path = REPO_ROOT,
    profiles_dir: Path = REPO_ROOT,
) -> DbtRun:
    """Invoke dbt on `project_dir` building into `db_path`, with its target/ and logs/ in `work_dir`.
    The project is parsed once per process for each `_parse_key`: the first such run parses it (`dbt parse`
    with the run's own vars), later ones reuse the parsed manifest."""
    messages: list[str] = []
    common = [
        "--project-dir",
        str(project_dir),
        "--profiles-dir",
        str(profiles_dir),
        "--target-path",
        str(work_dir / "target"),
        "--log-path",
        str(work_dir / "logs"),
    ]
    environment = {
        "FIRSTPARTY_DUCKDB_PATH": str(db_path),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DO_NOT_TRACK": "1",
    }
    key = _parse_key(args, project_dir, profiles_dir)
    with _environment(environment):
        try:
            if key is not None and key not in _PARSED:
                parse_args = ["parse", *[a for option in ("--vars", "--target") for a in _pair(args, option)]]
                parsed = dbtRunner(callbacks=[lambda event: messages.append(event.info.msg)]).invoke(
                    [*parse_args, *common]
                )
                if parsed.success and isinstance(parsed.result, Manifest):
                    _PARSED[key] = parsed.result
            runner = dbtRunner(
                manifest=_PARSED.get(key) if key is not None else None,
                callbacks=[lambda event: messages.append(event.info.msg)],
            )
            result = runner.invoke([*args, *common])
        finally:
            # dbt-duckdb keeps its connection, which has the build file attached, after the invocation.
            close_connections()
    return DbtRun(success=result.success, exception=result.exception, messages=messages, result=result.result)


def _pair(args: Sequence[str], name: str) -> list[str]:
    value = _option(args, name)
    return [name, value] if value is not None else []


def write_project(
    project_dir: Path,
    *,
    macros: Path,
    models: dict[str, str],
    properties: dict,
    project_vars: dict | None = None,
) -> None:
    """A throwaway dbt project named firstparty (so `firstparty.` macro calls resolve): a copy of the
    `macros` folder (kept at its path under macros/), the given models (file name -> SQL) and their
    properties yml; `project_vars` become the project's vars."""
    shutil.copytree(macros, project_dir / macros.relative_to(REPO_ROOT))
    (project_dir / "models").mkdir()
    project = {
        "name": "firstparty",
        "version": "0.1.0",
        "config-version": 2,
        "profile": "firstparty",
        "macro-paths": ["macros"],
        "model-paths": ["models"],
    }
    if project_vars is not None:
        project["vars"] = project_vars
    (project_dir / "dbt_project.yml").write_text(yaml.safe_dump(project))
    for name, sql in models.items():
        (project_dir / "models" / name).write_text(sql)
    (project_dir / "models" / "_models.yml").write_text(yaml.safe_dump(properties))


def write_exports(folder: Path, rows: dict[str, list[dict[str, str]]]) -> Path:
    """A raw_path folder with every demo export's header (seeds/raw), and the rows `rows` gives by export."""
    folder.mkdir(parents=True)
    for path in sorted((REPO_ROOT / "seeds" / "raw").glob("*.csv")):
        with path.open(newline="") as handle:
            header = next(csv.reader(handle))
        with (folder / path.name).open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            for row in rows.get(path.stem, []):
                writer.writerow({column: row.get(column, "") for column in header})
    return folder
