"""Set up a PostgreSQL database for the firstparty build (docs/postgres.md): roles, extensions, the key.

Run once per database as a superuser (scripts/postgres_cluster.sh runs it on its throwaway cluster):

    FIRSTPARTY_HMAC_KEY=... python -m firstparty.postgres_setup

It creates
- the login role dbt builds as (`firstparty_dbt`, no superuser: it cannot read the key) owning the database,
- `bi_reader`, the role BI tools connect as; dbt's `grants:` config gives it select on the public marts,
- `firstparty_key_owner` (no login), which alone can read the table `firstparty_keys.hmac_keys`,
- `firstparty_keys.hmac_sha256(value, destination, slot)`: HMAC-SHA256 through pgcrypto's `hmac()`, a
  SECURITY DEFINER function owned by `firstparty_key_owner`, executable by `firstparty_dbt` only, on that
  role's search path (unit-test fixtures call `hmac_sha256(...)` unqualified, as on DuckDB).
No other extension: Jaro-Winkler is a PL/pgSQL function the project creates on-run-start.

The key comes from FIRSTPARTY_HMAC_KEY (or the public demo key when FIRSTPARTY_DEMO_HMAC_KEY=1 and no key
is set, as on DuckDB; firstparty.keyed_hash.resolve_key), and earlier keys from
FIRSTPARTY_HMAC_PREVIOUS_KEYS. Only the per-destination keys derived from it are stored (as DuckDB's plugin
derives them), sent as bound parameters, never in dbt's SQL, logs, target/ or the manifest. Rerunning the
script replaces the stored keys (a rotation: put the old key in FIRSTPARTY_HMAC_PREVIOUS_KEYS).
"""

from __future__ import annotations

import os
import sys

import psycopg2
from psycopg2 import sql

from firstparty.keyed_hash import (
    DESTINATIONS,
    ROTATED_DESTINATION,
    MissingHmacKeyError,
    destination_key,
    key_fingerprint,
    resolve_key,
    resolve_previous_keys,
)

DBT_ROLE = "firstparty_dbt"
BI_ROLE = "bi_reader"
KEY_OWNER = "firstparty_key_owner"
KEY_SCHEMA = "firstparty_keys"


def connection_settings(environ=None, database: str | None = None, user: str | None = None) -> dict:
    """psycopg2 connection arguments from the FIRSTPARTY_PG_* variables (profiles.yml reads the same)."""
    environ = os.environ if environ is None else environ
    return {
        "host": environ.get("FIRSTPARTY_PG_HOST", "127.0.0.1"),
        "port": int(environ.get("FIRSTPARTY_PG_PORT", "55432")),
        "user": user or environ.get("FIRSTPARTY_PG_ADMIN_USER", "postgres"),
        "password": environ.get("FIRSTPARTY_PG_ADMIN_PASSWORD", "") if user is None else "",
        "dbname": database or environ.get("FIRSTPARTY_PG_DATABASE", "firstparty"),
    }


def _ensure_role(cursor, name: str, options: str) -> None:
    cursor.execute("select 1 from pg_roles where rolname = %s", [name])
    verb = "alter" if cursor.fetchone() else "create"
    cursor.execute(sql.SQL(f"{verb} role {{}} {options}").format(sql.Identifier(name)))


FUNCTIONS = f"""
create or replace function {KEY_SCHEMA}.hmac_sha256(value text, destination text, slot text default '')
returns text language sql stable strict security definer parallel safe
set search_path = {KEY_SCHEMA}, pg_temp
as $$
    select encode({KEY_SCHEMA}.hmac(convert_to(value, 'UTF8'), k.key, 'sha256'), 'hex')
    from {KEY_SCHEMA}.hmac_keys as k
    where k.destination = hmac_sha256.destination and k.slot = hmac_sha256.slot
$$;
create or replace function {KEY_SCHEMA}.key_source() returns text language sql stable security definer
set search_path = {KEY_SCHEMA}, pg_temp
as $$ select key_source from {KEY_SCHEMA}.key_settings $$;
create or replace function {KEY_SCHEMA}.previous_key_count() returns integer language sql stable
security definer set search_path = {KEY_SCHEMA}, pg_temp
as $$ select count(distinct slot)::integer from {KEY_SCHEMA}.hmac_keys where slot <> '' $$;
create or replace function {KEY_SCHEMA}.key_fingerprint(slot text default '') returns text language sql
stable security definer set search_path = {KEY_SCHEMA}, pg_temp
as $$ select fingerprint from {KEY_SCHEMA}.hmac_keys where destination = '{ROTATED_DESTINATION}'
    and hmac_keys.slot = key_fingerprint.slot $$;
create or replace function {KEY_SCHEMA}.known_fingerprints() returns text[] language sql stable
security definer set search_path = {KEY_SCHEMA}, pg_temp
as $$ select array_agg(fingerprint order by slot) from {KEY_SCHEMA}.hmac_keys
    where destination = '{ROTATED_DESTINATION}' $$;
"""
FUNCTION_NAMES = (
    "hmac_sha256(text, text, text)",
    "key_source()",
    "previous_key_count()",
    "key_fingerprint(text)",
    "known_fingerprints()",
)


def key_rows(master_key: bytes, previous_keys: list[bytes]) -> list[tuple[str, str, bytes, str]]:
    """(destination, slot, destination key, fingerprint) for the current key and each previous key."""
    rows = [
        (destination, "", destination_key(master_key, destination), key_fingerprint(master_key, destination))
        for destination in DESTINATIONS
    ]
    for number, previous_key in enumerate(previous_keys, start=1):
        rows.append(
            (
                ROTATED_DESTINATION,
                f"previous_{number}",
                destination_key(previous_key, ROTATED_DESTINATION),
                key_fingerprint(previous_key),
            )
        )
    return rows


def set_up(environ=None) -> None:
    environ = os.environ if environ is None else environ
    master_key, source = resolve_key(environ)
    previous_keys = resolve_previous_keys(environ)
    database = environ.get("FIRSTPARTY_PG_DATABASE", "firstparty")
    admin = psycopg2.connect(**connection_settings(environ, database="postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        _ensure_role(cursor, DBT_ROLE, "login nosuperuser nocreaterole")
        _ensure_role(cursor, BI_ROLE, "login nosuperuser nocreaterole nocreatedb")
        _ensure_role(cursor, KEY_OWNER, "nologin nosuperuser")
        cursor.execute("select 1 from pg_database where datname = %s", [database])
        if not cursor.fetchone():
            cursor.execute(
                sql.SQL("create database {} owner {}").format(
                    sql.Identifier(database), sql.Identifier(DBT_ROLE)
                )
            )
    admin.close()
    conn = psycopg2.connect(**connection_settings(environ, database=database))
    with conn, conn.cursor() as cursor:
        cursor.execute(f"create schema if not exists {KEY_SCHEMA} authorization {KEY_OWNER}")
        cursor.execute(f"revoke all on schema {KEY_SCHEMA} from public")
        cursor.execute(f"grant usage on schema {KEY_SCHEMA} to {DBT_ROLE}")
        cursor.execute(f"create extension if not exists pgcrypto schema {KEY_SCHEMA}")
        cursor.execute(
            f"create table if not exists {KEY_SCHEMA}.hmac_keys (destination text not null, "
            "slot text not null, key bytea not null, fingerprint text not null, "
            "primary key (destination, slot))"
        )
        cursor.execute(f"create table if not exists {KEY_SCHEMA}.key_settings (key_source text not null)")
        for table in ("hmac_keys", "key_settings"):
            cursor.execute(f"alter table {KEY_SCHEMA}.{table} owner to {KEY_OWNER}")
            cursor.execute(f"revoke all on {KEY_SCHEMA}.{table} from public")
        cursor.execute(f"delete from {KEY_SCHEMA}.hmac_keys")
        cursor.execute(f"delete from {KEY_SCHEMA}.key_settings")
        cursor.executemany(
            f"insert into {KEY_SCHEMA}.hmac_keys values (%s, %s, %s, %s)",
            [
                (destination, slot, psycopg2.Binary(key), fingerprint)
                for destination, slot, key, fingerprint in key_rows(master_key, previous_keys)
            ],
        )
        cursor.execute(f"insert into {KEY_SCHEMA}.key_settings values (%s)", [source])
        cursor.execute(FUNCTIONS)
        for function in FUNCTION_NAMES:
            cursor.execute(f"alter function {KEY_SCHEMA}.{function} owner to {KEY_OWNER}")
            cursor.execute(f"revoke all on function {KEY_SCHEMA}.{function} from public")
            cursor.execute(f"grant execute on function {KEY_SCHEMA}.{function} to {DBT_ROLE}")
        # pgcrypto's own functions are executable by everyone; hmac() with a key you hold is harmless.
        # On the dbt role's search path, so unit-test fixtures call hmac_sha256(value, destination)
        # unqualified, as on DuckDB (where the dbt-duckdb plugin registers it).
        cursor.execute(
            sql.SQL('alter role {} in database {} set search_path = "$user", public, {}').format(
                sql.Identifier(DBT_ROLE), sql.Identifier(database), sql.Identifier(KEY_SCHEMA)
            )
        )
    conn.close()
    if source == "demo":
        sys.stderr.write(
            "firstparty: postgres_setup stored the PUBLIC demo HMAC key (FIRSTPARTY_DEMO_HMAC_KEY=1); "
            "set FIRSTPARTY_HMAC_KEY for real data.\n"
        )
    print(f"firstparty: database {database} ready (roles {DBT_ROLE}, {BI_ROLE}; key from {source})")


def main() -> int:
    try:
        set_up()
    except MissingHmacKeyError as error:
        sys.stderr.write(f"{error}\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
