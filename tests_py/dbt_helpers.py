"""Run dbt in-process against a throwaway DuckDB file, never the project's own target/ or database."""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from dbt.cli.main import dbtRunner

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


def run_dbt(
    args: Sequence[str],
    *,
    db_path: Path,
    work_dir: Path,
    project_dir: Path = REPO_ROOT,
    profiles_dir: Path = REPO_ROOT,
) -> DbtRun:
    """Invoke dbt on `project_dir` building into `db_path`, with its target/ and logs/ in `work_dir`."""
    messages: list[str] = []
    runner = dbtRunner(callbacks=[lambda event: messages.append(event.info.msg)])
    environment = {
        "FIRSTPARTY_DUCKDB_PATH": str(db_path),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DO_NOT_TRACK": "1",
    }
    with _environment(environment):
        try:
            result = runner.invoke(
                [
                    *args,
                    "--project-dir",
                    str(project_dir),
                    "--profiles-dir",
                    str(profiles_dir),
                    "--target-path",
                    str(work_dir / "target"),
                    "--log-path",
                    str(work_dir / "logs"),
                ]
            )
        finally:
            # dbt-duckdb keeps its connection, which has the build file attached, after the invocation.
            close_connections()
    return DbtRun(success=result.success, exception=result.exception, messages=messages, result=result.result)


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
