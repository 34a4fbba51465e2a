"""Bad export files in raw_path: each is a clear error naming file, line and column, or still staged.

One case per bad file (issue 11, points 4 and 7). Every case writes small exports (the first 30 rows
of each demo export) into the same folder and runs the same dbt command, so dbt parses the project
once and every later case reuses the parse (vars unchanged). A bad case stops in the on-run-start hook
(`create_raw_file_views`) before any model runs; the good case builds `+stg_crm__contacts` (a seed,
the erasure tombstones, base and stg of the CRM contacts).
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from dbt_helpers import DbtRun, run_dbt
from project import REPO_ROOT

from firstparty.exports import EXPORTS, by_identifier

DEMO_SEEDS = REPO_ROOT / "seeds" / "raw"
ROWS = 30
# Pinned, as in the other raw_path files: without it retention would be measured from the wall clock.
AS_OF = "2026-07-01 00:00:00"
CONTACTS = "crm_contacts.csv"
CONTACT_COLUMNS = by_identifier()["crm_contacts"].column_names


@dataclass
class Workspace:
    work_dir: Path
    folder: Path
    db_path: Path

    def run(self) -> DbtRun:
        return run_dbt(
            [
                "build",
                "--select",
                "+stg_crm__contacts",
                "--exclude-resource-type",
                "test",
                "unit_test",
                "--vars",
                f"{{raw_path: '{self.folder}', as_of: '{AS_OF}'}}",
            ],
            db_path=self.db_path,
            work_dir=self.work_dir,
        )

    def query(self, sql: str) -> list[tuple[object, ...]]:
        con = duckdb.connect(str(self.db_path))
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    work_dir = tmp_path_factory.mktemp("bad_exports_files")
    yield Workspace(work_dir, work_dir / "exports", work_dir / "bad_exports.duckdb")


def _lines(identifier: str) -> list[str]:
    return (DEMO_SEEDS / f"{identifier}.csv").read_text(encoding="utf-8").splitlines()[: ROWS + 1]


def _fresh_folder(folder: Path) -> None:
    """Every export with its header and first 30 rows (none of them holds a double quote)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    for export in EXPORTS:
        lines = _lines(export.identifier)
        assert not any('"' in line for line in lines), export.identifier
        (folder / f"{export.identifier}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _contacts() -> list[list[str]]:
    return list(csv.reader(_lines("crm_contacts")))[1:]


def _write_contacts(folder: Path, lines: list[bytes]) -> None:
    (folder / CONTACTS).write_bytes(b"\n".join(lines) + b"\n")


def _contact_lines() -> list[bytes]:
    return [line.encode("utf-8") for line in _lines("crm_contacts")]


def _with_field(line_number: int, column: str, value: bytes) -> list[bytes]:
    """The contacts file with one field of one line (1 = the header) replaced by raw bytes."""
    lines = _contact_lines()
    fields = lines[line_number - 1].split(b",")
    fields[CONTACT_COLUMNS.index(column)] = value
    lines[line_number - 1] = b",".join(fields)
    return lines


def case_duplicate(folder: Path) -> None:
    shutil.copyfile(folder / CONTACTS, folder / "CRM_Contacts.csv")


def unknown_file(folder: Path) -> None:
    shutil.copyfile(folder / CONTACTS, folder / "crm_contacts_2024.csv")


def missing_column(folder: Path) -> None:
    keep = [c for c in CONTACT_COLUMNS if c != "email"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(keep)
    for row in _contacts():
        writer.writerow(
            [value for column, value in zip(CONTACT_COLUMNS, row, strict=True) if column != "email"]
        )
    (folder / CONTACTS).write_text(out.getvalue(), encoding="utf-8")


def zero_byte_file(folder: Path) -> None:
    (folder / CONTACTS).write_bytes(b"")


def malformed_row_early(folder: Path) -> None:
    lines = _contact_lines()
    lines[2] += b",one field too many"  # line 3
    _write_contacts(folder, lines)


def unterminated_quote(folder: Path) -> None:
    _write_contacts(folder, _with_field(4, "first_name", b'"Jessica'))


def invalid_utf8(folder: Path) -> None:
    _write_contacts(folder, _with_field(6, "email", b"\xff\xfeanna@example.com"))


def five_mb_field(folder: Path) -> None:
    _write_contacts(folder, _with_field(7, "street_address", b"x" * 5_000_000))


def good_bom_crlf_reordered(folder: Path) -> None:
    """BOM, CRLF, columns reversed, one column the contract does not know, a quoted value with a comma."""
    columns = [*reversed(CONTACT_COLUMNS), "crm_internal_note"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for number, row in enumerate(_contacts()):
        values = dict(zip(CONTACT_COLUMNS, row, strict=True))
        if number == 0:
            values["street_address"] = "Flat 2, 10 Mill Lane"
        writer.writerow([values.get(c, "note, with comma") for c in columns])
    (folder / CONTACTS).write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))


@dataclass(frozen=True)
class Case:
    make: Callable[[Path], None]
    expected: tuple[str, ...]  # each must be in the error message; empty: the build succeeds


CASES = {
    "case_duplicate": Case(
        case_duplicate, ("CRM_Contacts.csv: ambiguous: a second copy of crm_contacts.csv",)
    ),
    "unknown_file": Case(unknown_file, ("crm_contacts_2024.csv: unknown file",)),
    "missing_column": Case(
        missing_column,
        (
            "crm_contacts.csv: missing column email",
            "expected columns (any order, more allowed): contact_id, email",
        ),
    ),
    "zero_byte_file": Case(
        zero_byte_file, ("crm_contacts.csv: empty file (0 bytes): no header line", "expected columns")
    ),
    "malformed_row_early": Case(
        malformed_row_early, ("crm_contacts.csv: line 3, column 14: more fields than the header",)
    ),
    "unterminated_quote": Case(
        unterminated_quote, ("crm_contacts.csv: line 4, column 4 (first_name): a quote that is not closed",)
    ),
    "invalid_utf8": Case(invalid_utf8, ("crm_contacts.csv: line 6, column 2 (email): not valid UTF-8",)),
    "five_mb_field": Case(five_mb_field, ("crm_contacts.csv: line 7: line longer than 2 MB",)),
    "good_bom_crlf_reordered": Case(good_bom_crlf_reordered, ()),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_bad_export_file(workspace: Workspace, name: str) -> None:
    case = CASES[name]
    _fresh_folder(workspace.folder)
    case.make(workspace.folder)
    result = workspace.run()
    output = result.output() + ("\n" + str(result.exception) if result.exception else "")
    if not case.expected:
        assert result.success, output[-6000:]
        staged = workspace.query(
            "select count(*), count(*) filter (where street_address = 'Flat 2, 10 Mill Lane') "
            "from staging.stg_crm__contacts"
        )
        raw = workspace.query("select count(*), count(distinct contact_id) from raw.crm_contacts")
        assert raw == [(ROWS, len({row[0] for row in _contacts()}))]
        assert staged[0][0] > 0 and staged[0][1] == 1, staged
        first_id = _contacts()[0][0]
        assert workspace.query(f"select count(*) from raw.crm_contacts where contact_id = '{first_id}'") == [
            (1,)
        ]
        return
    assert not result.success, f"{name}: the build succeeded"
    assert "on-run-start" in output, output[-3000:]
    for text in case.expected:
        assert text in output, f"{name}: {text!r} not in:\n{output[-3000:]}"
    # No model ran: the check stops the run before any view or table is made.
    assert " START " not in output, output[-3000:]


@pytest.mark.slow
def test_every_problem_is_reported_at_once(workspace: Workspace) -> None:
    """Folder and header problems and malformed rows of several files, all in one error."""
    _fresh_folder(workspace.folder)
    case_duplicate(workspace.folder)
    unknown_file(workspace.folder)
    (workspace.folder / "shop_refunds.csv").write_bytes(b"")
    lines = (workspace.folder / "pos_transactions.csv").read_bytes().splitlines()
    lines[9] += b",x"  # line 10
    (workspace.folder / "pos_transactions.csv").write_bytes(b"\n".join(lines) + b"\n")
    invalid_utf8(workspace.folder)
    result = workspace.run()
    output = result.output()
    assert not result.success
    for text in (
        "CRM_Contacts.csv: ambiguous",
        "crm_contacts_2024.csv: unknown file",
        "shop_refunds.csv: empty file (0 bytes)",
        "pos_transactions.csv: line 10, column 7: more fields than the header",
        "crm_contacts.csv: line 6, column 2 (email): not valid UTF-8",
    ):
        assert text in output, f"{text!r} not in:\n{output[-3000:]}"
    # The message names files, lines and columns, never a row's values.
    assert "anna@example.com" not in output


# -- the folder and header check alone (firstparty.raw_files, no dbt): cheap ---------------------------


def _problems(folder: Path, raw_format: str = "csv") -> str:
    from firstparty.raw_files import check_folder

    return check_folder(str(folder), raw_format)["error"] or ""


def test_a_file_named_in_the_wrong_case_alone_is_an_error_not_a_missing_export(tmp_path: Path) -> None:
    _fresh_folder(tmp_path)
    (tmp_path / CONTACTS).rename(tmp_path / "Crm_Contacts.csv")
    error = _problems(tmp_path)
    assert "Crm_Contacts.csv: named in the wrong case: rename it to crm_contacts.csv" in error
    assert "crm_contacts.csv: missing" not in error


def test_missing_export_duplicate_column_and_other_format_are_named(tmp_path: Path) -> None:
    _fresh_folder(tmp_path)
    (tmp_path / "shop_refunds.csv").unlink()
    (tmp_path / "web_events.parquet").write_bytes(b"")
    lines = (tmp_path / "esp_events.csv").read_text().splitlines()
    (tmp_path / "esp_events.csv").write_text("\n".join([lines[0] + ",EMAIL", *lines[1:]]) + "\n")
    error = _problems(tmp_path)
    assert "shop_refunds.csv: missing" in error
    assert (
        "web_events.parquet: unknown file: raw_format is csv, the export is read from web_events.csv" in error
    )
    assert "esp_events.csv: column email appears twice (columns 3 and 7)" in error
    assert error.startswith("firstparty: 3 problems"), error


def test_hidden_and_underscore_files_are_not_looked_at_and_a_good_folder_passes(tmp_path: Path) -> None:
    from firstparty.raw_files import check_folder

    _fresh_folder(tmp_path)
    (tmp_path / ".DS_Store").write_bytes(b"\0")
    (tmp_path / "_README.md").write_text("notes")
    checked = check_folder(str(tmp_path), "csv")
    assert checked["error"] is None
    assert set(checked["exports"]) == {e.identifier for e in EXPORTS}
    assert checked["exports"]["crm_contacts"]["columns"] == CONTACT_COLUMNS


def test_a_parquet_export_missing_a_column_is_named(tmp_path: Path) -> None:
    _fresh_folder(tmp_path)
    con = duckdb.connect()
    try:
        for export in EXPORTS:
            source = tmp_path / f"{export.identifier}.csv"
            columns = ", ".join(
                c for c in export.column_names if c != "email" or export.identifier != "crm_contacts"
            )
            con.execute(
                f"copy (select {columns} from read_csv('{source}', all_varchar = true)) "
                f"to '{tmp_path / export.identifier}.parquet' (format parquet)"
            )
            source.unlink()
    finally:
        con.close()
    error = _problems(tmp_path, "parquet")
    assert error.startswith("firstparty: 1 problem with"), error
    assert "crm_contacts.parquet: missing column email (columns: contact_id, phone" in error
