"""Bad values in otherwise well-formed exports (issue 11, points 5, 6, 9 and 11): each is staged or
quarantined with a named reason, never silently accepted, and never crashes the build.

One shared build: the demo exports are copied into a raw_path folder, one row per bad input is
appended to its export, and only staging and the two governance models that account for every raw
row (quarantined_rows, staging_reconciliation) are built, with their data tests. as_of is fixed so
the outcome does not depend on the day the test runs.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
from dbt_helpers import run_dbt
from project import REPO_ROOT

from firstparty.exports import EXPORTS

DEMO_SEEDS = REPO_ROOT / "seeds" / "raw"
AS_OF = "2026-07-01 00:00:00"

ORDER = {"shop_customer_id": "", "checkout_email": "", "currency": "GBP", "status": "placed"}
CONTACT = {"first_name": "Ann", "last_name": "Example", "country": "GB", "created_at": "2025-01-01T00:00:00Z"}

# (case id, export, key column, appended row, expected row_status, expected quarantine_reason,
#  expected column values in the base_ table)
CASES: list[tuple[str, str, str, dict[str, str], str, str | None, dict[str, Any]]] = [
    (
        "order_dated_9999_12_31",
        "shop_orders",
        "order_id",
        {**ORDER, "order_id": "BAD-O1", "total_amount": "10.00", "ordered_at": "9999-12-31T00:00:00Z"},
        "quarantined",
        "timestamp_after_as_of",
        {},
    ),
    (
        "crm_updated_at_in_9999",
        "crm_contacts",
        "contact_id",
        {**CONTACT, "contact_id": "BAD-C1", "updated_at": "9999-06-01T00:00:00Z"},
        "quarantined",
        "timestamp_after_as_of",
        {},
    ),
    (
        "crm_created_at_1850",
        "crm_contacts",
        "contact_id",
        {
            **CONTACT,
            "contact_id": "BAD-C2",
            "created_at": "1850-01-01T00:00:00Z",
            "updated_at": "2026-01-01T00:00:00Z",
        },
        "quarantined",
        "timestamp_before_floor",
        {},
    ),
    (
        "crm_birth_date_1890",
        "crm_contacts",
        "contact_id",
        {**CONTACT, "contact_id": "BAD-C3", "birth_date": "1890-05-01", "updated_at": "2026-01-01T00:00:00Z"},
        "staged",
        None,
        {"birth_date": None, "has_invalid_birth_date": True},
    ),
    (
        "amount_of_23_digits",
        "shop_orders",
        "order_id",
        {
            **ORDER,
            "order_id": "BAD-O2",
            "total_amount": "12345678901234567890123",
            "ordered_at": "2026-01-01T00:00:00Z",
        },
        "quarantined",
        "amount_out_of_range",
        {},
    ),
    (
        "amount_of_15_digits",
        "shop_orders",
        "order_id",
        {
            **ORDER,
            "order_id": "BAD-O3",
            "total_amount": "123456789012345",
            "ordered_at": "2026-01-01T00:00:00Z",
        },
        "quarantined",
        "amount_out_of_range",
        {},
    ),
    (
        "date_only_ordered_at",
        "shop_orders",
        "order_id",
        {**ORDER, "order_id": "BAD-O4", "total_amount": "10.00", "ordered_at": "2026-01-15"},
        "staged",
        None,
        {"ordered_at": "2026-01-15 00:00:00"},
    ),
    (
        "internationalised_email",
        "crm_contacts",
        "contact_id",
        {
            **CONTACT,
            "contact_id": "BAD-C4",
            "email": "José.Pérez@Exämple.DE",
            "updated_at": "2026-01-01T00:00:00Z",
        },
        "staged",
        None,
        {"email": "josé.pérez@exämple.de", "has_invalid_email": False},
    ),
]


def _append(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    text = path.read_text(encoding="utf-8")
    with path.open("a", newline="", encoding="utf-8") as handle:
        if not text.endswith("\n"):
            handle.write("\n")
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        for row in rows:
            assert set(row) <= set(header), set(row) - set(header)
            writer.writerow(row)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work_dir = tmp_path_factory.mktemp("bad_exports_values")
    folder = work_dir / "exports"
    folder.mkdir()
    for export in EXPORTS:
        shutil.copyfile(DEMO_SEEDS / f"{export.identifier}.csv", folder / f"{export.identifier}.csv")
    for identifier in {case[1] for case in CASES}:
        _append(folder / f"{identifier}.csv", [case[3] for case in CASES if case[1] == identifier])
    db_path = work_dir / "bad_values.duckdb"
    result = run_dbt(
        [
            "build",
            "--vars",
            f"{{raw_path: '{folder}', as_of: '{AS_OF}'}}",
            "--select",
            "+staging_reconciliation +quarantined_rows",
            "--exclude",
            "test_type:unit",
            "--indirect-selection",
            "cautious",
        ],
        db_path=db_path,
        work_dir=work_dir,
    )
    assert result.success, result.output()[-6000:]
    return db_path


def _query(db_path: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db_path))  # dbt in this process holds it read-write
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _base_table(export: str) -> str:
    source, table = export.split("_", 1)
    return f"staging.base_{source}__{table}"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("export", "key", "row", "status", "reason", "values"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_a_bad_value_is_staged_or_quarantined_with_its_reason(
    built: Path,
    export: str,
    key: str,
    row: dict[str, str],
    status: str,
    reason: str | None,
    values: dict[str, Any],
) -> None:
    columns = ["row_status", "quarantine_reason", *values]
    rows = _query(
        built,
        f"select {', '.join(columns)} from {_base_table(export)} where {key} = ?",  # noqa: S608
        [row[key]],
    )
    assert len(rows) == 1, rows
    found = dict(zip(columns, rows[0], strict=True))
    found = {name: str(value) if name == "ordered_at" and value else value for name, value in found.items()}
    assert found == {"row_status": status, "quarantine_reason": reason, **values}
    quarantined = _query(
        built,
        "select quarantine_reason from governance.quarantined_rows "
        "where source_name = ? and source_record_id = ?",
        [export, row[key]],
    )
    assert quarantined == ([(reason,)] if status == "quarantined" else [])


@pytest.mark.slow
def test_reconciliation_still_accounts_for_every_raw_row(built: Path) -> None:
    rows = _query(
        built,
        "select source_name, raw_row_count, unaccounted_row_count from governance.staging_reconciliation",
    )
    assert {row[0] for row in rows} == {export.identifier for export in EXPORTS}
    for source_name, raw_row_count, unaccounted in rows:
        lines = sum(1 for _ in (DEMO_SEEDS / f"{source_name}.csv").open(encoding="utf-8")) - 1
        appended = sum(1 for case in CASES if case[1] == source_name)
        assert (source_name, raw_row_count, unaccounted) == (source_name, lines + appended, 0)
