"""Check a raw_path folder against the export contract before any export is read.

With var `raw_path` the raw landing tables are views over files (macro `create_raw_file_views`). Before
they are created, the on-run-start hook calls the SQL function `firstparty_check_raw_files(raw_path,
raw_format)`, which this module's dbt-duckdb plugin (`Plugin`, listed under `plugins:` in profiles.yml)
registers on every connection. It looks at the folder and at the first line of every file, reads no
rows, and reports every problem at once:

- every export of `firstparty.exports.EXPORTS` must be one file named exactly `<source>_<table>.<raw_format>`;
- any other entry is an error naming it: a second copy whose name differs only in case
  (`CRM_Contacts.csv` beside `crm_contacts.csv`), a file named like an export in the wrong case, a file
  of another format, any unknown file or folder. Names starting with `.` or `_` are not looked at (hidden
  files, and notes such as the seeds folder's `_raw__seeds.yml`);
- a CSV file's first line is its header: UTF-8 (a byte order mark is allowed), comma-separated, fields
  optionally in double quotes, LF or CRLF; it must name every column of the contract, once. Columns may
  come in any order; columns the contract does not know are allowed and not read. A 0-byte file has no
  header and is an error. A Parquet file's schema must hold every column of the contract.

The answer is JSON: `error` (the message listing every problem, or null) and, per export whose file
and header are fine, the file and the name the contract gives each of the file's columns in file order
(null for a column it does not know), which the macro turns into an explicit `read_csv(columns = ...)`
with no sniffing. Malformed rows are found
afterwards by DuckDB itself (see the macro), with the same dialect the views read with.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb import DuckDBPyConnection

from firstparty.exports import EXPORTS, Export

SQL_FUNCTION = "firstparty_check_raw_files"
FORMATS = ("csv", "parquet")
# A header longer than this is not a header (a file without line breaks, or the wrong file).
MAX_HEADER_BYTES = 1_000_000


@dataclass(frozen=True)
class Problem:
    file: str
    problem: str
    columns: tuple[str, ...] = ()  # the contract's columns, when the problem is the file's header


def _expected_name(export: Export, raw_format: str) -> str:
    return f"{export.identifier}.{raw_format}"


def _folder_problems(folder: Path, raw_format: str) -> tuple[list[Problem], dict[str, Path]]:
    """Which entry of the folder is which export, and every entry that is no export or is ambiguous."""
    expected = {_expected_name(e, raw_format): e for e in EXPORTS}
    expected_lower = {name.lower(): name for name in expected}
    entries = sorted(name for name in os.listdir(folder) if not name.startswith((".", "_")))
    present = set(entries)
    problems: list[Problem] = []
    found: dict[str, Path] = {}
    for name in entries:
        path = folder / name
        if name in expected:
            if path.is_file():
                found[expected[name].identifier] = path
            else:
                problems.append(Problem(name, "is not a file"))
        elif name.lower() in expected_lower:
            exact = expected_lower[name.lower()]
            if exact in present:
                problems.append(
                    Problem(
                        name,
                        f"ambiguous: a second copy of {exact} (names differ only in case); its rows would be "
                        "read by no model. Merge it into the export file or remove it",
                    )
                )
            else:
                problems.append(Problem(name, f"named in the wrong case: rename it to {exact}"))
        else:
            stem = name.split(".", 1)[0].lower()
            same_stem = [n for n in expected if n.split(".", 1)[0] == stem]
            if same_stem:
                problems.append(
                    Problem(
                        name,
                        f"unknown file: raw_format is {raw_format}, the export is read from {same_stem[0]}",
                    )
                )
            else:
                problems.append(
                    Problem(name, "unknown file: not an export of the contract (src/firstparty/exports.py)")
                )
    for name, export in expected.items():
        if export.identifier not in found and not any(
            p.file.lower() == name.lower() and p.file != name for p in problems
        ):
            problems.append(
                Problem(name, "missing: every export of the contract needs its file (header only when empty)")
            )
    return problems, found


def _csv_header(path: Path) -> list[str] | str:
    """The header's column names, or what is wrong with the first line."""
    with path.open("rb") as handle:
        line = handle.readline(MAX_HEADER_BYTES + 1)
    if not line:
        return "empty file (0 bytes): no header line"
    if len(line) > MAX_HEADER_BYTES:
        return f"line 1 (the header) is longer than {MAX_HEADER_BYTES} bytes"
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return f"line 1 (the header) is not UTF-8: byte {error.start + 1} cannot be decoded"
    text = text.rstrip("\r\n")
    if not text.strip():
        return "line 1 (the header) is blank"
    try:
        rows = list(csv.reader([text], delimiter=",", quotechar='"', doublequote=True, strict=True))
    except csv.Error as error:
        return f"line 1 (the header) is not comma-separated CSV: {error}"
    return [name.strip() for name in rows[0]]


def _parquet_columns(path: Path) -> list[str] | str:
    import duckdb

    con = duckdb.connect()
    try:
        rows = con.execute(
            "select name from parquet_schema(?) where num_children is null", [str(path)]
        ).fetchall()
    except duckdb.Error as error:
        return f"not a readable Parquet file: {str(error).splitlines()[0]}"
    finally:
        con.close()
    return [str(row[0]) for row in rows]


def _column_problem(export: Export, header: list[str], what: str) -> tuple[str | None, list[str | None]]:
    """What is wrong with the file's columns, and the contract name of each file column (None: not read)."""
    contract = {c.lower(): c for c in export.column_names}
    mapped: list[str | None] = []
    seen: dict[str, int] = {}
    issues: list[str] = []
    for position, name in enumerate(header, start=1):
        column = contract.get(name.lower())
        if column is not None and column in seen:
            issues.append(f"column {column} appears twice (columns {seen[column]} and {position})")
            column = None
        elif column is not None:
            seen[column] = position
        mapped.append(column)
    missing = [c for c in export.column_names if c not in seen]
    if missing:
        issues.insert(0, f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    if issues:
        return "; ".join(issues) + f" ({what}: {', '.join(header) or 'none'})", mapped
    return None, mapped


def check_folder(raw_path: str, raw_format: str) -> dict[str, Any]:
    """Every problem of a raw_path folder, and each export's file with its column mapping."""
    if raw_format not in FORMATS:
        return {
            "error": f"firstparty: var raw_format must be 'csv' or 'parquet', got '{raw_format}'",
            "exports": {},
        }
    folder = Path(raw_path).expanduser()
    if not folder.is_dir():
        return {"error": f"firstparty: var raw_path {raw_path} is not a folder", "exports": {}}
    folder = folder.resolve()
    problems, found = _folder_problems(folder, raw_format)
    exports: dict[str, Any] = {}
    by_identifier = {e.identifier: e for e in EXPORTS}
    for identifier, path in sorted(found.items()):
        export = by_identifier[identifier]
        header = _csv_header(path) if raw_format == "csv" else _parquet_columns(path)
        if isinstance(header, str):
            problems.append(Problem(path.name, header, tuple(export.column_names)))
            continue
        problem, mapped = _column_problem(export, header, "header" if raw_format == "csv" else "columns")
        if problem:
            problems.append(Problem(path.name, problem, tuple(export.column_names)))
            continue
        exports[identifier] = {"path": str(path), "columns": mapped}
    if not problems:
        return {"error": None, "exports": exports}
    plural = "s" if len(problems) > 1 else ""
    lines = [f"firstparty: {len(problems)} problem{plural} with the files in raw_path {folder}:"]
    for problem in sorted(problems, key=lambda p: (p.file.lower(), p.file)):
        lines.append(f"  - {problem.file}: {problem.problem}")
        if problem.columns:
            lines.append(f"      expected columns (any order, more allowed): {', '.join(problem.columns)}")
    return {"error": "\n".join(lines), "exports": exports}


def check_folder_json(raw_path: str, raw_format: str) -> str:
    return json.dumps(check_folder(raw_path, raw_format))


class Plugin(BasePlugin):
    """dbt-duckdb plugin: registers firstparty_check_raw_files(raw_path, raw_format) -> JSON text."""

    def configure_connection(self, conn: DuckDBPyConnection) -> None:
        conn.create_function(
            SQL_FUNCTION, check_folder_json, ["VARCHAR", "VARCHAR"], "VARCHAR", side_effects=True
        )
