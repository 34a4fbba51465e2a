"""The erasure_closure materialization (macros/governance) on a small graph, in a throwaway dbt project.

The model's SQL is the graph (seed rows: requested identifiers; occurrence rows: the identifiers each raw
row carries); the materialization walks it in rounds and appends the keyed hashes of what each request
reaches. The demo's ledger is checked end to end in test_governance_erasure.py; this checks the walk
itself: a chain five records long is followed to its end, an unrelated record is not, a request whose
identifier occurs nowhere reaches nothing, a rebuild appends nothing, and hitting max_rounds is an error
that writes nothing.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
from dbt_helpers import REPO_ROOT, run_dbt, write_project

from firstparty import keyed_hash as kh

MODEL_SQL = """\
{{ config(materialized='erasure_closure', full_refresh=false, max_rounds=var('closure_max_rounds', 50)) }}

select * from {{ source('graph', 'closure_rows') }}
"""

# (row_kind, request_id, source_name, row_key, identifier_type, identifier_value)
GRAPH = [
    ("seed", "R1", None, None, "email", "ann@example.org"),
    ("seed", "R2", None, None, "email", "nobody@example.org"),
    ("occurrence", None, "crm", "r1", "email", "ann@example.org"),
    ("occurrence", None, "crm", "r1", "crm_contact_id", "C1"),
    ("occurrence", None, "shop", "r2", "crm_contact_id", "C1"),
    ("occurrence", None, "shop", "r2", "phone", "+447700900001"),
    ("occurrence", None, "tickets", "r3", "phone", "+447700900001"),
    ("occurrence", None, "tickets", "r3", "anonymous_id", "K1"),
    ("occurrence", None, "web", "r4", "anonymous_id", "K1"),
    ("occurrence", None, "web", "r4", "web_event_id", "W9"),
    ("occurrence", None, "crm", "r5", "email", "bob@example.org"),
    ("occurrence", None, "crm", "r5", "crm_contact_id", "C2"),
]
REACHED_BY_R1 = [
    ("email", "ann@example.org"),
    ("crm_contact_id", "C1"),
    ("phone", "+447700900001"),
    ("anonymous_id", "K1"),
    ("web_event_id", "W9"),
]


def write_closure_project(project_dir: Path) -> None:
    """A throwaway dbt project named firstparty: the project's macros and one erasure_closure model."""
    write_project(
        project_dir,
        macros=REPO_ROOT / "macros",
        models={"ledger.sql": MODEL_SQL},
        properties={
            "version": 2,
            "sources": [{"name": "graph", "schema": "main", "tables": [{"name": "closure_rows"}]}],
        },
        project_vars={"as_of": "2026-07-01 00:00:00", "raw_path": None, "load_demo_seeds": False},
    )


def load_graph(db_path: Path) -> None:
    con = duckdb.connect(str(db_path))
    try:
        con.execute(
            "create table closure_rows (row_kind varchar, request_id varchar, source_name varchar, "
            "row_key varchar, identifier_type varchar, identifier_value varchar)"
        )
        con.executemany("insert into closure_rows values (?, ?, ?, ?, ?, ?)", GRAPH)
    finally:
        con.close()


def ledger(db_path: Path) -> list[tuple]:
    con = duckdb.connect(str(db_path))
    try:
        return con.execute(
            "select tombstone_hash, identifier_type, request_id, tombstoned_at from ledger order by 2, 1"
        ).fetchall()
    finally:
        con.close()


def test_the_closure_follows_the_chain_to_its_end_and_a_rebuild_appends_nothing(tmp_path: Path) -> None:
    project_dir = tmp_path / "project"
    write_closure_project(project_dir)
    db_path = tmp_path / "closure.duckdb"
    load_graph(db_path)
    run = run_dbt(["run"], db_path=db_path, work_dir=tmp_path, project_dir=project_dir)
    assert run.success, run.exception or run.output()
    assert any("closed in 6 rounds" in message for message in run.messages), run.output()
    master_key, _ = kh.resolve_key()
    expected = sorted((kh.keyed_hash(f"{t}:{v}", "tombstone", master_key), t, "R1") for t, v in REACHED_BY_R1)
    first = ledger(db_path)
    assert sorted((h, t, r) for h, t, r, _ in first) == expected
    assert {str(at) for *_, at in first} == {"2026-07-01 00:00:00"}

    rerun = run_dbt(["run"], db_path=db_path, work_dir=tmp_path, project_dir=project_dir)
    assert rerun.success, rerun.exception or rerun.output()
    assert ledger(db_path) == first


def test_hitting_max_rounds_is_an_error_that_writes_nothing(tmp_path: Path) -> None:
    project_dir = tmp_path / "project"
    write_closure_project(project_dir)
    db_path = tmp_path / "closure.duckdb"
    load_graph(db_path)
    run = run_dbt(
        ["run", "--vars", "{closure_max_rounds: 3}"],
        db_path=db_path,
        work_dir=tmp_path,
        project_dir=project_dir,
    )
    assert not run.success
    assert "still reached" in run.output()
    con = duckdb.connect(str(db_path))
    try:
        rows = con.execute("select table_name from information_schema.tables").fetchall()
    finally:
        con.close()
    assert {name for (name,) in rows} == {"closure_rows"}
