"""Erasure outlives the request: the ledger survives --full-refresh, and erased identifiers never come back.

Two builds into one throwaway DuckDB file, with tiny hand-written exports read in place (var raw_path):

1. an erasure request for ann's email, her CRM contact, and bob's contact;
2. the request has left the privacy export (it aged out or the export was replaced), ann's old contact is
   still exported, and her email arrives again in new records: a new CRM contact (another spelling) and a
   new email subscriber. A new, unrelated person (cat) arrives too. Built with --full-refresh.

The ledger must keep every tombstone of run 1, and none of ann's records, old or new, may be staged or
get a customer_id, while bob's and cat's are (so the checks can see a staged record at all).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from dbt_helpers import run_dbt, write_exports

AS_OF = "2026-07-01 00:00:00"
SELECT = ["--select", "+customer_record_map"]
SKIP_TESTS = ["--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"]

ANN = "ann.erased@brightlane.co.uk"
REQUEST = {
    "request_id": "R-ERASE-1",
    "request_type": "erasure",
    "subject_email": ANN,
    "jurisdiction": "GDPR",
    "received_at": "2026-06-01T10:00:00Z",
}
ANN_CONTACT = {
    "contact_id": "C-ANN",
    "email": ANN,
    "first_name": "Ann",
    "last_name": "Erased",
    "created_at": "2026-01-01T10:00:00Z",
    "updated_at": "2026-05-01T10:00:00Z",
}
BOB_CONTACT = {
    "contact_id": "C-BOB",
    "email": "bob.kept@brightlane.co.uk",
    "first_name": "Bob",
    "last_name": "Kept",
    "created_at": "2026-01-01T10:00:00Z",
    "updated_at": "2026-05-01T10:00:00Z",
}
ANN_AGAIN = {
    "contact_id": "C-ANN-NEW",
    "email": " Ann.Erased@Brightlane.co.uk ",
    "first_name": "Ann",
    "last_name": "Erased",
    "created_at": "2026-06-20T10:00:00Z",
    "updated_at": "2026-06-20T10:00:00Z",
}
CAT_CONTACT = {
    "contact_id": "C-CAT",
    "email": "cat.new@brightlane.co.uk",
    "first_name": "Cat",
    "last_name": "New",
    "created_at": "2026-06-20T10:00:00Z",
    "updated_at": "2026-06-20T10:00:00Z",
}
ANN_SUBSCRIBER = {
    "subscriber_id": "S-ANN-NEW",
    "email": ANN,
    "list_name": "newsletter",
    "status": "subscribed",
    "subscribed_at": "2026-06-20T10:00:00Z",
}


@dataclass
class Run:
    tombstones: set[tuple[str, str]]
    staged_contacts: set[str]
    staged_subscribers: set[str]
    mapped: set[tuple[str, str]]


def build(work_dir: Path, exports: Path, *extra: str) -> Run:
    raw_path = work_dir / "raw"
    if raw_path.exists():
        for path in raw_path.iterdir():
            path.unlink()
        raw_path.rmdir()
    exports.rename(raw_path)
    db_path = work_dir / "persistence.duckdb"
    result = run_dbt(
        ["build", *SELECT, *SKIP_TESTS, "--vars", f"{{raw_path: '{raw_path}', as_of: '{AS_OF}'}}", *extra],
        db_path=db_path,
        work_dir=work_dir,
    )
    assert result.success, result.exception or result.output()[-4000:]
    con = duckdb.connect(str(db_path))  # not read_only: dbt-duckdb in this process may still hold it
    try:

        def rows(sql: str) -> set[tuple[str, ...]]:
            return set(con.execute(sql).fetchall())

        return Run(
            tombstones=rows("select tombstone_hash, request_id from governance.erasure_tombstones"),
            staged_contacts={r[0] for r in rows("select contact_id from staging.stg_crm__contacts")},
            staged_subscribers={r[0] for r in rows("select subscriber_id from staging.stg_esp__subscribers")},
            mapped=rows("select source_name, source_record_id from identity.customer_record_map"),
        )
    finally:
        con.close()


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Run, Run]]:
    root = tmp_path_factory.mktemp("erasure_persistence")
    work_dir = root / "work"
    work_dir.mkdir()
    write_exports(root / "first", {"privacy_requests": [REQUEST], "crm_contacts": [ANN_CONTACT, BOB_CONTACT]})
    first = build(work_dir, root / "first")
    write_exports(
        root / "second",
        {
            "crm_contacts": [ANN_CONTACT, BOB_CONTACT, ANN_AGAIN, CAT_CONTACT],
            "esp_subscribers": [ANN_SUBSCRIBER],
        },
    )
    second = build(work_dir, root / "second", "--full-refresh")
    yield first, second


@pytest.mark.slow
def test_the_ledger_survives_a_full_refresh_after_the_request_left(
    runs: tuple[Run, Run],
) -> None:
    first, second = runs
    assert first.tombstones, "the erasure request wrote no tombstone"
    assert {request for _, request in first.tombstones} == {REQUEST["request_id"]}
    assert first.staged_contacts == {"C-BOB"}, "positive control: bob is staged, ann is not"
    missing = first.tombstones - second.tombstones
    assert not missing, f"--full-refresh lost {len(missing)} of {len(first.tombstones)} tombstones"
    assert "C-ANN" not in second.staged_contacts, "ann's old contact is staged again after --full-refresh"


@pytest.mark.slow
def test_erased_identifiers_arriving_again_are_dropped_and_never_linked(runs: tuple[Run, Run]) -> None:
    _, second = runs
    assert {"C-BOB", "C-CAT"} <= second.staged_contacts, "positive control: new unrelated records are staged"
    assert ("crm_contacts", "C-CAT") in second.mapped, "positive control: a new person gets a customer_id"
    assert second.staged_contacts.isdisjoint({"C-ANN", "C-ANN-NEW"}), second.staged_contacts
    assert "S-ANN-NEW" not in second.staged_subscribers, "ann's email came back as a new subscriber"
    relinked = {
        key
        for key in second.mapped
        if key in {("crm_contacts", "C-ANN"), ("crm_contacts", "C-ANN-NEW"), ("esp_subscribers", "S-ANN-NEW")}
    }
    assert not relinked, f"erased identifiers linked again: {relinked}"
