"""Reading exports in place (var raw_path) and empty exports: the build stays green and loses nothing.

Both tests run the whole `dbt build` (every model, data test and unit test) on exports read from
files, the way a user points the project at their own exports.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from dbt_helpers import run_dbt
from project import REPO_ROOT

from firstparty.exports import EXPORTS

DEMO_SEEDS = REPO_ROOT / "seeds" / "raw"


def _export_folder(tmp_path: Path, header_only: set[str]) -> Path:
    """A raw_path folder with the demo exports, the named ones cut down to their header line."""
    folder = tmp_path / "exports"
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


def _build(tmp_path: Path, folder: Path) -> Path:
    db_path = tmp_path / "raw_path.duckdb"
    result = run_dbt(["build", "--vars", f"{{raw_path: '{folder}'}}"], db_path=db_path, work_dir=tmp_path)
    assert result.success, result.output()[-6000:]
    return db_path


@pytest.mark.slow
def test_every_export_empty_still_builds_green(tmp_path: Path) -> None:
    folder = _export_folder(tmp_path, header_only={e.identifier for e in EXPORTS})
    counts = _reconciliation(_build(tmp_path, folder))
    assert set(counts) == {e.identifier for e in EXPORTS}
    assert all(row == (0, 0, 0, 0, 0) for row in counts.values()), counts


@pytest.mark.slow
def test_one_export_empty_among_full_ones_builds_green_and_reconciles(tmp_path: Path) -> None:
    """shop_orders is the export others refer to most (lines, refunds): empty, the rest still builds."""
    folder = _export_folder(tmp_path, header_only={"shop_orders"})
    db_path = _build(tmp_path, folder)
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
