"""Reading exports in place (var raw_path) and empty exports: the build stays green and loses nothing.

Both tests run the whole `dbt build` (every model and data test) on exports read from files, the way a
user points the project at their own exports. Not the unit tests: they check code on the rows they give,
never the exports (README, "Unit tests check code, not data"), and `make test`'s own build runs all of them.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from dbt_helpers import run_dbt
from project import REPO_ROOT

from firstparty.exports import EXPORTS

DEMO_SEEDS = REPO_ROOT / "seeds" / "raw"
# Pinned, as in the other raw_path files: without it retention would be measured from the wall clock.
AS_OF = "2026-07-01 00:00:00"


@dataclass
class Workspace:
    """One work dir, raw_path folder and database file for both builds: the same vars and database path
    let the second build reuse the first one's parse (dbt's partial parsing)."""

    work_dir: Path
    raw_path: Path
    db_path: Path


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    work_dir = tmp_path_factory.mktemp("raw_exports")
    return Workspace(work_dir, work_dir / "exports", work_dir / "raw_path.duckdb")


def _export_folder(workspace: Workspace, header_only: set[str]) -> Path:
    """The raw_path folder with the demo exports, the named ones cut down to their header line."""
    folder = workspace.raw_path
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for export in EXPORTS:
        source = DEMO_SEEDS / f"{export.identifier}.csv"
        target = folder / source.name
        if export.identifier in header_only:
            target.write_text(source.read_text().splitlines()[0] + "\n")
        else:
            shutil.copyfile(source, target)
    return folder


def _reconciliation(db_path: Path) -> dict[str, tuple[int, int, int, int, int]]:
    con = duckdb.connect(str(db_path))  # dbt in this process holds it read-write
    try:
        rows = con.execute(
            "select source_name, raw_row_count, staged_row_count, quarantined_row_count, "
            "duplicate_row_count, unaccounted_row_count from governance.staging_reconciliation"
        ).fetchall()
    finally:
        con.close()
    return {row[0]: row[1:] for row in rows}


def _build(workspace: Workspace) -> Path:
    """A fresh database file, then the whole build without the unit tests (see the module docstring)."""
    for path in workspace.db_path.parent.glob(workspace.db_path.name + "*"):  # the file, .wal and .tmp
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    result = run_dbt(
        [
            "build",
            "--exclude-resource-type",
            "unit_test",
            "--vars",
            f"{{raw_path: '{workspace.raw_path}', as_of: '{AS_OF}'}}",
        ],
        db_path=workspace.db_path,
        work_dir=workspace.work_dir,
    )
    assert result.success, result.output()[-6000:]
    return workspace.db_path


@pytest.mark.slow
def test_every_export_empty_still_builds_green(workspace: Workspace) -> None:
    _export_folder(workspace, header_only={e.identifier for e in EXPORTS})
    counts = _reconciliation(_build(workspace))
    assert set(counts) == {e.identifier for e in EXPORTS}
    assert all(row == (0, 0, 0, 0, 0) for row in counts.values()), counts


@pytest.mark.slow
def test_one_export_empty_among_full_ones_builds_green_and_reconciles(workspace: Workspace) -> None:
    """shop_orders is the export others refer to most (lines, refunds): empty, the rest still builds."""
    folder = _export_folder(workspace, header_only={"shop_orders"})
    db_path = _build(workspace)
    counts = _reconciliation(db_path)
    assert counts["shop_orders"] == (0, 0, 0, 0, 0)
    for export in EXPORTS:
        raw_rows = sum(1 for _ in (folder / f"{export.identifier}.csv").open()) - 1
        if export.identifier != "shop_orders":
            assert counts[export.identifier][0] == raw_rows > 0, export.identifier
        assert counts[export.identifier][4] == 0, export.identifier
    # The database holds views over the files, not copies of the exports.
    con = duckdb.connect(str(db_path))  # dbt in this process holds it read-write
    try:
        kinds = con.execute(
            "select distinct table_type from information_schema.tables where table_schema = 'raw'"
        ).fetchall()
    finally:
        con.close()
    assert kinds == [("VIEW",)]
