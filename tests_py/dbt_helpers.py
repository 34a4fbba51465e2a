"""Run dbt in-process against a throwaway DuckDB file, never the project's own target/ or database."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from dbt.cli.main import dbtRunner

REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass
class DbtRun:
    """What one dbt invocation did: whether it succeeded, and every log line it wrote."""

    success: bool
    exception: BaseException | None
    messages: list[str] = field(default_factory=list)

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
        result = runner.invoke(
            [
                *args,
                "--project-dir",
                str(project_dir),
                "--profiles-dir",
                str(REPO_ROOT),
                "--target-path",
                str(work_dir / "target"),
                "--log-path",
                str(work_dir / "logs"),
            ]
        )
    return DbtRun(success=result.success, exception=result.exception, messages=messages)
