"""The demo built on PostgreSQL (issue 13; docs/postgres.md): the BI role, the key, Jaro-Winkler.

Runs against the database `make test-postgres` (scripts/test_postgres.sh) has just built: it starts a
throwaway cluster, builds the demo with every test, then runs this file with FIRSTPARTY_PG_REQUIRED=1.
Without a reachable Postgres the cases skip (plain `make test` starts none), unless that variable is set.
Reads the manifest and logs of that build from FIRSTPARTY_PG_TARGET_PATH and FIRSTPARTY_PG_LOG_PATH.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest

from firstparty.keyed_hash import DESTINATIONS, destination_key, keyed_hash, resolve_key

psycopg2 = pytest.importorskip("psycopg2", reason="dbt-postgres (psycopg2) is not installed")

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / os.environ.get("FIRSTPARTY_PG_TARGET_PATH", "target/pg")
LOGS = ROOT / os.environ.get("FIRSTPARTY_PG_LOG_PATH", "logs/pg")
PYTHON_FITS = (
    "int_identity__match_fitted_parameters",
    "int_lifetime_value__fitted_parameters",
    "int_lifetime_value__group_scores",
    "int_lifetime_value__group_horizon_scores",
)


def connect(user: str):
    return psycopg2.connect(
        host=os.environ.get("FIRSTPARTY_PG_HOST", "127.0.0.1"),
        port=int(os.environ.get("FIRSTPARTY_PG_PORT", "55432")),
        user=user,
        password="",
        dbname=os.environ.get("FIRSTPARTY_PG_DATABASE", "firstparty"),
        connect_timeout=5,
    )


@pytest.fixture(scope="module")
def dbt_conn():
    try:
        conn = connect(os.environ.get("FIRSTPARTY_PG_USER", "firstparty_dbt"))
    except psycopg2.OperationalError as error:
        if os.environ.get("FIRSTPARTY_PG_REQUIRED") == "1":
            raise
        pytest.skip(f"no Postgres built by make test-postgres is reachable ({error})".strip())
    conn.autocommit = True
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def manifest(dbt_conn) -> dict:
    return json.loads((TARGET / "manifest.json").read_text())


def relations(manifest: dict) -> list[tuple[str, str, str]]:
    """(name, schema, access) of every enabled model and seed of the project."""
    return [
        (node["name"], node["schema"], node.get("access") or "")
        for node in manifest["nodes"].values()
        if node["resource_type"] in ("model", "seed")
        and node["package_name"] == "firstparty"
        and node["config"].get("materialized") != "ephemeral"
    ]


def can_select(conn, schema: str, name: str) -> bool:
    with conn.cursor() as cursor:
        try:
            cursor.execute(f'select * from "{schema}"."{name}" limit 1')
        except psycopg2.errors.InsufficientPrivilege:
            conn.rollback()
            return False
        cursor.fetchall()
    conn.rollback()
    return True


def test_bi_reader_selects_every_public_mart_and_nothing_internal(manifest):
    nodes = relations(manifest)
    public = [(name, schema) for name, schema, access in nodes if access == "public"]
    # Everything else: raw and reference seeds, staging, the identity and governance internals, the
    # private marts; and the Python fits' tables.
    closed = [(name, schema) for name, schema, access in nodes if access != "public"]
    closed += [(name, "python_fits") for name in PYTHON_FITS]
    schemas = {schema for _, schema in closed}
    assert schemas >= {"raw", "reference", "staging", "identity", "governance", "marts"}
    assert len(public) >= 20 and len(closed) >= 100, (len(public), len(closed))
    conn = connect("bi_reader")
    try:
        assert [p for p in public if not can_select(conn, p[1], p[0])] == []
        assert [c for c in closed if can_select(conn, c[1], c[0])] == []
        assert not can_select(conn, "firstparty_keys", "hmac_keys")
        with conn.cursor() as cursor, pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cursor.execute("select firstparty_keys.hmac_sha256('a', 'tombstone')")
    finally:
        conn.close()


def test_the_dbt_role_hashes_with_the_key_but_cannot_read_it(dbt_conn):
    master_key, _ = resolve_key()
    with dbt_conn.cursor() as cursor:
        for destination in DESTINATIONS:
            cursor.execute("select firstparty_keys.hmac_sha256(%s, %s)", ["ada@example.com", destination])
            assert cursor.fetchone()[0] == keyed_hash("ada@example.com", destination, master_key)
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cursor.execute("select key from firstparty_keys.hmac_keys")


def test_the_key_is_in_no_compiled_sql_manifest_or_log(dbt_conn):
    master_key, source = resolve_key()
    assert source == "environment", "make test-postgres sets a random FIRSTPARTY_HMAC_KEY"
    secrets = [master_key] + [destination_key(master_key, d).hex().encode() for d in DESTINATIONS]
    files = [p for folder in (TARGET, LOGS) for p in folder.rglob("*") if p.is_file()]
    assert any(p.name == "manifest.json" for p in files) and any(p.suffix == ".log" for p in files)
    leaks = [str(p) for p in files for secret in secrets if secret in p.read_bytes()]
    assert leaks == []


def test_jaro_winkler_equals_duckdbs_on_the_demo_names(dbt_conn):
    """Every pair of distinct given and family names of the demo's match profiles (and a few edge cases)."""
    with dbt_conn.cursor() as cursor:
        cursor.execute(
            "select distinct name from (select given_name as name from identity.int_identity__match_profiles"
            " union all select family_name from identity.int_identity__match_profiles) as names"
            " where name is not null order by name limit 150"
        )
        names = [row[0] for row in cursor.fetchall()] + ["a", "ab", "ba", "martha", "marhta", "dwayne"]
        pairs = [(a, b) for a in names for b in names]
        cursor.execute(
            "select a, b, firstparty_functions.jaro_winkler(a, b)"
            " from unnest(%s::text[], %s::text[]) as p(a, b)",
            [[a for a, _ in pairs], [b for _, b in pairs]],
        )
        postgres = {(a, b): value for a, b, value in cursor.fetchall()}
    assert len(names) > 100
    duck = duckdb.connect()
    expected = dict(
        ((a, b), value)
        for a, b, value in duck.execute(
            "select a, b, jaro_winkler_similarity(a, b) from (select unnest(?) as a, unnest(?) as b)",
            [[a for a, _ in pairs], [b for _, b in pairs]],
        ).fetchall()
    )
    differ = [
        (pair, postgres[pair], expected[pair])
        for pair in pairs
        if abs(postgres[pair] - expected[pair]) > 1e-12
    ]
    assert differ[:5] == []
