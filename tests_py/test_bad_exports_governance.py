"""Issue 11, governance and identity state: no interrupted run loses state, no privacy request is dropped.

Tiny hand-written exports read in place (var raw_path) into throwaway DuckDB files, one case per point:

1. the customer-id ledger: a run stopped after int_identity__customer_assignments (here a partial
   selection, `dbt run --select +int_identity__customer_assignments`) and then a normal build leave the
   same ledger as a clean run of the same data;
2. a privacy request staging cannot read (request type `delete_everything`) fails the build, naming the
   request, and is in governance_report with its deadline;
3. after a change of FIRSTPARTY_HMAC_KEY the build refuses to run while the ledger holds tombstones of
   the old key, and with the old key in FIRSTPARTY_HMAC_PREVIOUS_KEYS the erased person stays erased
   although the request has left the export;
8. shop orders of 1997 built at as_of 2026 all expire: a dbt warning names the export, the share and var
   as_of.

Points 2, 3 and 8 share one database and three runs (each its own dbt process, so that each reads the
key from its own environment, as a deployment does); point 1 has two databases of its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from dbt_helpers import run_dbt, write_exports
from project import REPO_ROOT

from firstparty import keyed_hash as kh

AS_OF = "2026-07-01 00:00:00"
SKIP_TESTS = ["--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"]
OLD_KEY = "old-key-of-the-bad-exports-test-0123456789"
NEW_KEY = "new-key-of-the-bad-exports-test-9876543210"

# -- exports ------------------------------------------------------------------------------------------
ANN = "ann.erased@brightlane.co.uk"
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
ERASURE = {
    "request_id": "R-ERASE-ANN",
    "request_type": "erasure",
    "subject_email": ANN,
    "jurisdiction": "GDPR",
    "received_at": "2026-06-01T10:00:00Z",
}
UNREADABLE = {
    "request_id": "R-BAD-TYPE",
    "request_type": "delete_everything",
    "subject_email": "bob.kept@brightlane.co.uk",
    "jurisdiction": "CCPA",
    "received_at": "2026-06-10T10:00:00Z",
}
OLD_ORDERS = [
    {
        "order_id": f"SO-1997-{number}",
        "checkout_email": "bob.kept@brightlane.co.uk",
        "currency": "GBP",
        "total_amount": "19.99",
        "status": "delivered",
        "ordered_at": f"1997-0{number}-15T12:00:00Z",
    }
    for number in range(1, 5)
]

# Point 1: C-1 (seen first) and S-2 are two customers; C-3, with S-2's email and C-1's phone, merges them.
CONTACT_1 = {
    "contact_id": "C-1",
    "email": "first.person@brightlane.co.uk",
    "phone": "+447911123456",
    "first_name": "First",
    "last_name": "Person",
    "created_at": "2026-01-01T10:00:00Z",
    "updated_at": "2026-01-01T10:00:00Z",
}
SUBSCRIBER_2 = {
    "subscriber_id": "S-2",
    "email": "second.address@brightlane.co.uk",
    "list_name": "newsletter",
    "status": "subscribed",
    "subscribed_at": "2026-02-01T10:00:00Z",
}
BRIDGE_3 = {
    "contact_id": "C-3",
    "email": "second.address@brightlane.co.uk",
    "phone": "+447911123456",
    "first_name": "First",
    "last_name": "Person",
    "created_at": "2026-06-01T10:00:00Z",
    "updated_at": "2026-06-01T10:00:00Z",
}


def place(exports: Path, raw_path: Path) -> None:
    """Put a set of exports at the one raw_path every run reads (the same vars let dbt parse once)."""
    shutil.rmtree(raw_path, ignore_errors=True)
    shutil.copytree(exports, raw_path)


def query(db_path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db_path))  # not read_only: dbt-duckdb in this process may still hold it
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# -- the keyed_hash plugin's previous keys and fingerprints (no dbt) ----------------------------------
def test_3_previous_keys_are_read_in_order_and_each_must_be_long_enough() -> None:
    environ = {kh.PREVIOUS_KEYS_VARIABLE: f" {OLD_KEY} ,{NEW_KEY},"}
    assert kh.resolve_previous_keys(environ) == [OLD_KEY.encode(), NEW_KEY.encode()]
    assert kh.resolve_previous_keys({}) == []
    with pytest.raises(kh.MissingHmacKeyError, match="key 2 in FIRSTPARTY_HMAC_PREVIOUS_KEYS is shorter"):
        kh.resolve_previous_keys({kh.PREVIOUS_KEYS_VARIABLE: f"{OLD_KEY},short"})


def test_3_a_fingerprint_tells_keys_apart_and_reveals_neither() -> None:
    old, new = kh.key_fingerprint(OLD_KEY.encode()), kh.key_fingerprint(NEW_KEY.encode())
    assert old != new and len(old) == len(new) == 16
    assert old == kh.key_fingerprint(OLD_KEY.encode()), "the same key gives the same fingerprint"
    # HMAC of a fixed label under the tombstone key: not the key, nor any of its bytes
    expected = kh.keyed_hash(kh.FINGERPRINT_LABEL.decode(), "tombstone", OLD_KEY.encode())[:16]
    assert old == expected and old not in OLD_KEY.encode().hex()


def test_3_the_plugin_sets_each_previous_keys_tombstone_pads_and_fingerprint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(kh.KEY_VARIABLE, NEW_KEY)
    monkeypatch.setenv(kh.PREVIOUS_KEYS_VARIABLE, OLD_KEY)
    con = duckdb.connect()
    try:
        plugin = kh.Plugin(name="keyed_hash", plugin_config={})
        plugin.configure_connection(con)
        plugin.configure_cursor(cursor := con.cursor())
        fingerprints = cursor.execute(
            f"select {kh.FINGERPRINT_FUNCTION}(''), {kh.FINGERPRINT_FUNCTION}('previous_1'), "
            f"{kh.FINGERPRINT_FUNCTION}('previous_2')"
        ).fetchone()
        new, old = kh.key_fingerprint(NEW_KEY.encode()), kh.key_fingerprint(OLD_KEY.encode())
        assert fingerprints == (new, old, None)
        # one previous key: its tombstone pads only (a previous key matches old tombstones, nothing else)
        previous_pads = cursor.execute(
            f"select list_sort(list_filter(map_keys(getvariable('{kh.PADS_VARIABLE}')), "
            "lambda pad: pad like '%previous%'))"
        ).fetchone()[0]
        assert previous_pads == ["ipad__tombstone__previous_1", "opad__tombstone__previous_1"]
        # the previous slot's pads give the old key's HMAC, as the keyed_hash macro composes it
        pads = f"getvariable('{kh.PADS_VARIABLE}')"
        composed = cursor.execute(
            f"select sha256({pads}['opad__tombstone__previous_1'] || unhex(sha256("
            f"{pads}['ipad__tombstone__previous_1'] || encode('email:ann@example.org'))))"
        ).fetchone()[0]
        assert composed == kh.keyed_hash("email:ann@example.org", "tombstone", OLD_KEY.encode())
    finally:
        con.close()


# -- 1. the customer-id ledger ------------------------------------------------------------------------
LEDGER_SELECT = ["--select", "+customer_id_ledger"]
LEDGER_SQL = (
    "select previous_customer_id, current_customer_id, change_type, record_count "
    "from identity.customer_id_ledger order by 1, 2"
)


@dataclass
class LedgerRuns:
    clean: list[tuple]
    interrupted: list[tuple]
    interrupted_after_partial_run: list[tuple]


@pytest.fixture(scope="module")
def ledger_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LedgerRuns]:
    root = tmp_path_factory.mktemp("ledger_interrupted")
    before = write_exports(root / "before", {"crm_contacts": [CONTACT_1], "esp_subscribers": [SUBSCRIBER_2]})
    after = write_exports(
        root / "after", {"crm_contacts": [CONTACT_1, BRIDGE_3], "esp_subscribers": [SUBSCRIBER_2]}
    )
    raw_path = root / "raw"
    variables = ["--vars", f"{{raw_path: '{raw_path}', as_of: '{AS_OF}'}}"]
    # Both databases are built at one path, the other one set aside meanwhile: the same vars and database
    # path let every run after the first reuse its parse (dbt's partial parsing).
    active, set_aside = root / "ledger.duckdb", root / "set_aside.duckdb"

    def dbt(*args: str) -> None:
        result = run_dbt([*args, *variables], db_path=active, work_dir=root)
        assert result.success, result.exception or result.output()[-4000:]

    def checkpointed() -> None:
        query(active, "checkpoint")
        assert not active.with_name(active.name + ".wal").exists(), "the file must hold everything to move"

    # one first build, copied: both databases start from the same ids
    place(before, raw_path)
    dbt("build", *LEDGER_SELECT, *SKIP_TESTS)
    checkpointed()
    shutil.copyfile(active, set_aside)
    place(after, raw_path)
    dbt("build", *LEDGER_SELECT, *SKIP_TESTS)
    clean = query(active, LEDGER_SQL)
    checkpointed()
    os.replace(active, root / "clean.duckdb")
    os.replace(set_aside, active)  # the copy of the first build, to be interrupted
    # the run stops after the assignments (a kill, a failing test or, here, a partial selection)
    dbt("run", "--select", "+int_identity__customer_assignments")
    after_partial_run = query(active, LEDGER_SQL)
    dbt("build", *LEDGER_SELECT, *SKIP_TESTS)
    ledgers = {
        "clean": clean,
        "interrupted": query(active, LEDGER_SQL),
        "interrupted_after_partial_run": after_partial_run,
    }
    yield LedgerRuns(**ledgers)


@pytest.mark.slow
def test_1_a_run_stopped_after_the_assignments_loses_no_ledger_entry(ledger_runs: LedgerRuns) -> None:
    assert len(ledger_runs.clean) == 1, (
        f"positive control: the bridge merges two customers {ledger_runs.clean}"
    )
    assert ledger_runs.clean[0][2:] == ("merge", 1), ledger_runs.clean
    assert ledger_runs.interrupted_after_partial_run == ledger_runs.clean, (
        "the ledger must be written with the assignments, not by a later model"
    )
    assert ledger_runs.interrupted == ledger_runs.clean


# -- 2, 3 and 8: one governance database, three runs ---------------------------------------------------
GOVERNANCE_SELECT = [
    "--select",
    "+governance_report",
    "+privacy_request_exceptions",
    "+int_governance__mostly_expired_exports",
    "assert_every_privacy_request_is_honoured_or_acknowledged",
    "assert_no_export_is_mostly_past_its_retention_window",
    "--exclude",
    "test_type:generic",
    "--exclude-resource-type",
    "unit_test",
    # only tests whose every parent is built here (a test reading a mart is not)
    "--indirect-selection",
    "cautious",
]


@dataclass
class DbtProcess:
    returncode: int
    output: str


@dataclass
class GovernanceRuns:
    db_path: Path
    first: DbtProcess
    report: list[tuple]
    first_contacts: dict[str, str]
    first_fingerprints: set[str]
    new_key_alone: DbtProcess
    contacts_after_refusal: dict[str, str]
    new_key_with_old: DbtProcess
    contacts_after_rotation: dict[str, str]


def dbt_process(root: Path, db_path: Path, raw_path: Path, key: str, previous_keys: str) -> DbtProcess:
    """`dbt build` in its own process with these keys in its environment, as a deployment runs it."""
    environment = {
        k: v for k, v in os.environ.items() if k not in {kh.DEMO_VARIABLE, kh.PREVIOUS_KEYS_VARIABLE}
    }
    environment.update(
        {
            kh.KEY_VARIABLE: key,
            kh.PREVIOUS_KEYS_VARIABLE: previous_keys,
            "FIRSTPARTY_DUCKDB_PATH": str(db_path),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "DO_NOT_TRACK": "1",
        }
    )
    dbt = Path(sys.executable).parent / "dbt"
    result = subprocess.run(
        [
            str(dbt),
            "build",
            *GOVERNANCE_SELECT,
            "--vars",
            f"{{raw_path: '{raw_path}', as_of: '{AS_OF}'}}",
            "--project-dir",
            str(REPO_ROOT),
            "--profiles-dir",
            str(REPO_ROOT),
            "--target-path",
            str(root / "target"),
            "--log-path",
            str(root / "logs"),
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    return DbtProcess(result.returncode, result.stdout + result.stderr)


def contact_statuses(db_path: Path) -> dict[str, str]:
    """row_status of every CRM contact row that kept its key (erased rows are stubs: status only)."""
    rows = query(db_path, "select contact_id, row_status from staging.base_crm__contacts")
    statuses = {contact: status for contact, status in rows if contact}
    erased = sum(1 for contact, status in rows if status == "erased")
    return statuses | {"<erased stubs>": str(erased)}


@pytest.fixture(scope="module")
def governance_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GovernanceRuns]:
    root = tmp_path_factory.mktemp("governance_bad_exports")
    db_path = root / "bad_exports.duckdb"  # not governance.duckdb: the catalog would shadow the schema
    raw_path = root / "raw"
    with_requests = write_exports(
        root / "with_requests",
        {
            "crm_contacts": [ANN_CONTACT, BOB_CONTACT],
            "privacy_requests": [ERASURE, UNREADABLE],
            "shop_orders": OLD_ORDERS,
        },
    )
    # both requests have left the privacy export (aged out, or the export was replaced); ann's contact has not
    requests_gone = write_exports(
        root / "requests_gone", {"crm_contacts": [ANN_CONTACT, BOB_CONTACT], "shop_orders": OLD_ORDERS}
    )

    place(with_requests, raw_path)
    first = dbt_process(root, db_path, raw_path, OLD_KEY, "")
    report = query(
        db_path,
        "select item, detail, metric, received_at, due_at, is_deadline_met from governance.governance_report "
        "where metric = 'unhonoured_request'",
    )
    first_contacts = contact_statuses(db_path)
    first_fingerprints = {
        row[0] for row in query(db_path, "select key_fingerprint from governance.erasure_tombstones")
    }

    place(requests_gone, raw_path)
    new_key_alone = dbt_process(root, db_path, raw_path, NEW_KEY, "")
    contacts_after_refusal = contact_statuses(db_path)
    new_key_with_old = dbt_process(root, db_path, raw_path, NEW_KEY, OLD_KEY)
    contacts_after_rotation = contact_statuses(db_path)
    yield GovernanceRuns(
        db_path,
        first,
        report,
        first_contacts,
        first_fingerprints,
        new_key_alone,
        contacts_after_refusal,
        new_key_with_old,
        contacts_after_rotation,
    )


@pytest.mark.slow
def test_2_an_unreadable_privacy_request_fails_the_build_naming_it(governance_runs: GovernanceRuns) -> None:
    first = governance_runs.first
    assert first.returncode != 0, "a privacy request that cannot be honoured must fail the build"
    assert "FAIL 1 assert_every_privacy_request_is_honoured_or_acknowledged" in first.output, first.output[
        -3000:
    ]
    assert (
        "privacy request R-BAD-TYPE cannot be honoured: unknown_code in request_type (due 2026-07-25"
        in first.output
    ), first.output[-3000:]
    # in governance_report with its deadline: CCPA, 45 days from 2026-06-10 10:00, not yet due at as_of
    assert [row[:3] for row in governance_runs.report] == [
        ("R-BAD-TYPE", "cannot be honoured: unknown_code in request_type", "unhonoured_request")
    ]
    _, _, _, received_at, due_at, is_deadline_met = governance_runs.report[0]
    assert (str(received_at), str(due_at), is_deadline_met) == (
        "2026-06-10 10:00:00",
        "2026-07-25 10:00:00",
        None,
    )
    # the readable erasure request in the same export was honoured
    assert governance_runs.first_contacts["C-BOB"] == "staged"
    assert (
        "C-ANN" not in governance_runs.first_contacts
        and governance_runs.first_contacts["<erased stubs>"] == "1"
    )


@pytest.mark.slow
def test_3_a_new_key_without_the_old_one_refuses_to_build(governance_runs: GovernanceRuns) -> None:
    refused = governance_runs.new_key_alone
    old_fingerprint = kh.key_fingerprint(OLD_KEY.encode())
    new_fingerprint = kh.key_fingerprint(NEW_KEY.encode())
    assert governance_runs.first_fingerprints == {old_fingerprint}
    assert refused.returncode != 0, "a build under a new key must not silently stop matching old tombstones"
    assert "refusing to build" in refused.output, refused.output[-3000:]
    assert f"under key fingerprint {old_fingerprint}" in refused.output
    assert f"FIRSTPARTY_HMAC_KEY has fingerprint {new_fingerprint}" in refused.output
    assert "FIRSTPARTY_HMAC_PREVIOUS_KEYS" in refused.output
    assert OLD_KEY not in refused.output and NEW_KEY not in refused.output
    assert governance_runs.contacts_after_refusal == governance_runs.first_contacts, "nothing was rebuilt"


@pytest.mark.slow
def test_3_with_the_old_key_configured_the_erased_person_stays_erased(
    governance_runs: GovernanceRuns,
) -> None:
    rotated = governance_runs.new_key_with_old
    assert rotated.returncode == 0, rotated.output[-4000:]
    contacts = governance_runs.contacts_after_rotation
    assert contacts["C-BOB"] == "staged", "positive control: the new key stages bob"
    assert "C-ANN" not in contacts and contacts["<erased stubs>"] == "1", (
        f"ann's contact is staged again after the key change: {contacts}"
    )


@pytest.mark.slow
def test_8_an_export_that_retention_mostly_empties_is_a_warning_naming_it_and_var_as_of(
    governance_runs: GovernanceRuns,
) -> None:
    output = governance_runs.first.output
    assert "WARN 1 assert_no_export_is_mostly_past_its_retention_window" in output, output[-3000:]
    warning = next((line for line in output.splitlines() if "firstparty: 100% of shop_orders" in line), None)
    assert warning is not None, output[-3000:]
    assert "(4 of 4 rows) are past their retention window (transactions, 3650 days" in warning
    assert "set var as_of" in warning and "retention_days.transactions" in warning
    assert "crm_contacts" not in warning
