"""The erasure_closure materialization (macros/governance) on small graphs, in a throwaway dbt project.

The model's SQL is the graph: one row per raw row with its identifiers side by side in slots
(identifier_type_<n>, identifier_value_<n>) and a profile record's key, plus seed rows (request_id set,
the requested identifier in slot 1). The materialization walks it in rounds and appends the keyed
hashes of what each request reaches. The demo's ledger is checked end to end in
test_governance_erasure.py; this checks the walk itself: a chain five records long is followed to its
end, an unrelated record is not, a request whose identifier occurs nowhere reaches nothing, a rebuild
appends nothing, hitting max_rounds is an error that writes nothing, and identifiers that may not link
(on too many profile records, blocklisted, a blocked email's SHA-256) are neither followed nor
tombstoned.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
from dbt_helpers import REPO_ROOT, DbtRun, run_dbt, write_project

from firstparty import keyed_hash as kh

MODEL_SQL = """\
{{ config(materialized='erasure_closure', full_refresh=false, max_rounds=var('closure_max_rounds', 50),
    blocklist='blocklist', max_profile_records_per_identifier=2) }}
-- depends_on: {{ ref('blocklist') }}

select * from {{ source('graph', 'closure_rows') }}
"""

BLOCKLIST_SQL = """\
select 'email' as identifier_type, 'exact' as match_type, 'a@a.com' as blocked_value
union all
select 'email' as identifier_type, 'email_domain' as match_type, 'example.com' as blocked_value
"""

SLOTS = 4
Row = tuple[str | None, str | None, str | None, list[tuple[str, str]]]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# (request_id, source_name, profile_record_key, [(identifier_type, identifier_value), ...])
CHAIN: list[Row] = [
    ("R1", None, None, [("email", "ann@example.org")]),
    ("R2", None, None, [("email", "nobody@example.org")]),
    (None, "crm", "r1", [("email", "ann@example.org"), ("crm_contact_id", "C1")]),
    (None, "shop", None, [("crm_contact_id", "C1"), ("phone", "+447700900001")]),
    (None, "tickets", None, [("phone", "+447700900001"), ("anonymous_id", "K1")]),
    (None, "web", None, [("anonymous_id", "K1"), ("web_event_id", "W9")]),
    (None, "crm", "r5", [("email", "bob@example.org"), ("crm_contact_id", "C2")]),
]
REACHED_IN_CHAIN = [
    ("email", "ann@example.org"),
    ("crm_contact_id", "C1"),
    ("phone", "+447700900001"),
    ("anonymous_id", "K1"),
    ("web_event_id", "W9"),
]

# A switchboard phone on three profile records (one of them twice: copies count once; the limit is 2),
# a blocklisted email (exact) with its SHA-256 on a conversion, and an email at a blocked domain.
SWITCHBOARD = "+442079460000"
UNLINKABLE: list[Row] = [
    ("R1", None, None, [("email", "ann@example.org")]),
    (
        None,
        "crm",
        "k1",
        [
            ("crm_contact_id", "C1"),
            ("email", "ann@example.org"),
            ("email_sha256", sha256("ann@example.org")),
            ("phone", SWITCHBOARD),
        ],
    ),
    (None, "crm", "k2", [("crm_contact_id", "C2"), ("phone", SWITCHBOARD)]),
    (None, "crm", "k3", [("crm_contact_id", "C3"), ("phone", SWITCHBOARD)]),
    (None, "crm", "k3", [("crm_contact_id", "C3"), ("phone", SWITCHBOARD)]),
    (
        None,
        "orders",
        None,
        [
            ("shop_order_id", "O5"),
            ("crm_contact_id", "C1"),
            ("email", "a@a.com"),
            ("email_sha256", sha256("a@a.com")),
        ],
    ),
    (
        None,
        "orders",
        None,
        [("shop_order_id", "O2"), ("crm_contact_id", "C1"), ("email", "someone@example.com")],
    ),
    (None, "orders", None, [("shop_order_id", "O3"), ("email", "someone@example.com")]),
    (None, "conversions", None, [("ad_conversion_id", "V1"), ("email_sha256", sha256("a@a.com"))]),
]
REACHED_PAST_UNLINKABLE = [
    ("email", "ann@example.org"),
    ("email_sha256", sha256("ann@example.org")),
    ("crm_contact_id", "C1"),
    ("shop_order_id", "O5"),
    ("shop_order_id", "O2"),
]


def write_closure_project(project_dir: Path) -> None:
    """A throwaway dbt project named firstparty: the project's macros and one erasure_closure model."""
    write_project(
        project_dir,
        macros=REPO_ROOT / "macros",
        models={"ledger.sql": MODEL_SQL, "blocklist.sql": BLOCKLIST_SQL},
        properties={
            "version": 2,
            "sources": [{"name": "graph", "schema": "main", "tables": [{"name": "closure_rows"}]}],
        },
        project_vars={"as_of": "2026-07-01 00:00:00", "raw_path": None, "load_demo_seeds": False},
    )


def load_graph(db_path: Path, graph: list[Row]) -> None:
    slots = ", ".join(
        f"identifier_type_{n} varchar, identifier_value_{n} varchar" for n in range(1, SLOTS + 1)
    )
    rows = []
    for request_id, source_name, key, identifiers in graph:
        padded = identifiers + [(None, None)] * (SLOTS - len(identifiers))
        rows.append((request_id, source_name, key, *(part for pair in padded for part in pair)))
    con = duckdb.connect(str(db_path))
    try:
        con.execute(
            "create table closure_rows (request_id varchar, source_name varchar, "
            f"profile_record_key varchar, {slots})"
        )
        con.executemany(f"insert into closure_rows values ({', '.join('?' * (3 + 2 * SLOTS))})", rows)
    finally:
        con.close()


def expected_ledger(reached: list[tuple[str, str]], request_id: str = "R1") -> list[tuple[str, str, str]]:
    master_key, _ = kh.resolve_key()
    return sorted((kh.keyed_hash(f"{t}:{v}", "tombstone", master_key), t, request_id) for t, v in reached)


def ledger(db_path: Path) -> list[tuple]:
    con = duckdb.connect(str(db_path))
    try:
        return con.execute(
            "select tombstone_hash, identifier_type, request_id, tombstoned_at from ledger order by 2, 1"
        ).fetchall()
    finally:
        con.close()


def closure_run(tmp_path: Path, graph: list[Row], args: tuple[str, ...] = ()) -> tuple[DbtRun, Path, Path]:
    """The throwaway project over `graph`, and one `dbt run` of it: (the run, the database, the project)."""
    project_dir = tmp_path / "project"
    write_closure_project(project_dir)
    db_path = tmp_path / "closure.duckdb"
    load_graph(db_path, graph)
    run = run_dbt(["run", *args], db_path=db_path, work_dir=tmp_path, project_dir=project_dir)
    return run, db_path, project_dir


def test_the_closure_follows_the_chain_to_its_end_and_a_rebuild_appends_nothing(tmp_path: Path) -> None:
    run, db_path, project_dir = closure_run(tmp_path, CHAIN)
    assert run.success, run.exception or run.output()
    assert any("closed in 5 rounds" in message for message in run.messages), run.output()
    first = ledger(db_path)
    assert sorted((h, t, r) for h, t, r, _ in first) == expected_ledger(REACHED_IN_CHAIN)
    assert {str(at) for *_, at in first} == {"2026-07-01 00:00:00"}

    rerun = run_dbt(["run"], db_path=db_path, work_dir=tmp_path, project_dir=project_dir)
    assert rerun.success, rerun.exception or rerun.output()
    assert ledger(db_path) == first


def test_hitting_max_rounds_is_an_error_that_writes_nothing(tmp_path: Path) -> None:
    run, db_path, _ = closure_run(tmp_path, CHAIN, ("--vars", "{closure_max_rounds: 3}"))
    assert not run.success
    assert "still had" in run.output()
    con = duckdb.connect(str(db_path))
    try:
        rows = con.execute("select table_name from information_schema.tables").fetchall()
    finally:
        con.close()
    assert {name for (name,) in rows} == {"closure_rows", "blocklist"}


def test_unlinkable_identifiers_are_neither_followed_nor_tombstoned(tmp_path: Path) -> None:
    run, db_path, _ = closure_run(tmp_path, UNLINKABLE)
    assert run.success, run.exception or run.output()
    assert sorted((h, t, r) for h, t, r, _ in ledger(db_path)) == expected_ledger(REACHED_PAST_UNLINKABLE)
