"""Keyed hashing (HMAC-SHA256) for every identifier hash that leaves the platform.

The key comes from the environment variable `FIRSTPARTY_HMAC_KEY` and never from SQL, the profile,
`dbt_project.yml` or a file in the repository, so it cannot end up in compiled SQL, `target/`, dbt
logs or git. Each destination (tombstones, a clean room, an ad platform) hashes with its own key,
derived from the master key and the destination's name, so hashes made for one destination cannot be
joined with another's and the master key is never handed to a partner.

For DuckDB a dbt-duckdb plugin (`Plugin` below, listed under `plugins:` in profiles.yml) prepares
every connection and cursor dbt opens:
- it sets the HMAC pads of every destination's key (`DESTINATIONS`) as one session variable, a map
  from pad name to pad (`getvariable('firstparty_hmac_pads')['ipad__<destination>']` and
  `['opad__<destination>']`), so the dbt macro `keyed_hash` composes HMAC-SHA256 from DuckDB's
  native, vectorised `sha256` (about 3x faster than a Python UDF call per value). Session variables
  live in the connection's memory only: the key and the pads are never in SQL text, dbt's logs,
  `target/` or the database file. A cursor (dbt opens one per node) does not inherit them, so they are
  set again on each, in one statement: eight `set variable` statements per cursor took 8.3 s of a
  45 s demo build (819 cursors, docs/scale.md);
- it registers the SQL function `hmac_sha256(value, destination)` (a Python UDF, same result), which
  the macro falls back to when no key was loaded, so that a missing key fails with its message, and
  which tests and fixtures use; and the functions `firstparty_hmac_key_source()` and
  `firstparty_hmac_fingerprint(key_slot)` (no secrets: which key was loaded, a key's fingerprint), as
  on Spark (firstparty.spark_build). Functions, unlike variables, are seen by every cursor.

Key rotation: the erasure tombstones are keyed hashes, so they match only under the key that made
them, and the plain identifiers are not kept to re-hash them. Each tombstone records its key's
fingerprint (`key_fingerprint`: HMAC of a fixed label under the tombstone key, never the key). After a
change of `FIRSTPARTY_HMAC_KEY`, the earlier key(s) go in `FIRSTPARTY_HMAC_PREVIOUS_KEYS`
(comma-separated): the plugin adds their tombstone pads to the map (slot `previous_<n>`) and their
fingerprints to `firstparty_hmac_fingerprint`, staging checks the tombstones under every configured
key, and the on-run-start check refuses to build while the ledger holds a fingerprint of no configured
key (macro check_tombstone_keys).

Without a key every call fails with `MissingHmacKeyError`'s message. Setting
`FIRSTPARTY_DEMO_HMAC_KEY=1` instead allows the public demo key (`DEMO_KEY`), with a loud warning:
it is in this file, so hashes made with it protect nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sys
from collections.abc import Mapping
from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb import DuckDBPyConnection

KEY_VARIABLE = "FIRSTPARTY_HMAC_KEY"
DEMO_VARIABLE = "FIRSTPARTY_DEMO_HMAC_KEY"
MIN_KEY_LENGTH = 32
DEMO_KEY = "firstparty-public-demo-key--not-a-secret--never-use-in-production"
SQL_FUNCTION = "hmac_sha256"
KEY_SOURCE_FUNCTION = "firstparty_hmac_key_source"
FINGERPRINT_FUNCTION = "firstparty_hmac_fingerprint"
# Destinations whose pads the plugin sets; macros/governance/hash_destinations.sql lists the same names
# (tests_py/test_governance_keyed_hash.py keeps the two equal).
DESTINATIONS = ("tombstone", "clean_room")
# The session variable holding every pad: MAP(VARCHAR, BLOB) from pad_name(...) to the pad.
PADS_VARIABLE = "firstparty_hmac_pads"
PREVIOUS_KEYS_VARIABLE = "FIRSTPARTY_HMAC_PREVIOUS_KEYS"
# Previous keys are only ever needed to match existing erasure tombstones.
ROTATED_DESTINATION = "tombstone"
FINGERPRINT_LABEL = b"firstparty key fingerprint v1"
SHA256_BLOCK_SIZE = 64

DEMO_WARNING = (
    "\n"
    "!!! firstparty: FIRSTPARTY_DEMO_HMAC_KEY=1 and no FIRSTPARTY_HMAC_KEY: identifiers are hashed with\n"
    "!!! the PUBLIC demo key, which is in the source code. Tombstones, clean-room and activation hashes\n"
    "!!! made with it protect nothing. Set FIRSTPARTY_HMAC_KEY to a secret of at least\n"
    f"!!! {MIN_KEY_LENGTH} characters for any real data.\n"
)


class MissingHmacKeyError(RuntimeError):
    """No usable key: neither FIRSTPARTY_HMAC_KEY nor the explicit demo opt-in is set."""


class ShortHmacKeyError(MissingHmacKeyError):
    """FIRSTPARTY_HMAC_KEY is set but shorter than MIN_KEY_LENGTH characters."""


def _missing_key_message() -> str:
    return (
        f"firstparty: environment variable {KEY_VARIABLE} is not set, so identifiers cannot be hashed "
        f"(hmac_sha256). Set it to a secret of at least {MIN_KEY_LENGTH} characters from your secret "
        f"store, or set {DEMO_VARIABLE}=1 to build the demo with the public demo key (never for real data)."
    )


def resolve_key(environ: Mapping[str, str] | None = None) -> tuple[bytes, str]:
    """The master key and where it came from ('environment' or 'demo'); raises if there is none."""
    environ = os.environ if environ is None else environ
    key = environ.get(KEY_VARIABLE, "")
    if key:
        if len(key) < MIN_KEY_LENGTH:
            raise ShortHmacKeyError(
                f"firstparty: {KEY_VARIABLE} is set but shorter than the {MIN_KEY_LENGTH} characters "
                f"required, so identifiers cannot be hashed (hmac_sha256). Set it to a random secret of at "
                f"least {MIN_KEY_LENGTH} characters."
            )
        return key.encode("utf-8"), "environment"
    if environ.get(DEMO_VARIABLE, "") == "1":
        return DEMO_KEY.encode("utf-8"), "demo"
    raise MissingHmacKeyError(_missing_key_message())


def resolve_previous_keys(environ: Mapping[str, str] | None = None) -> list[bytes]:
    """The earlier master keys from FIRSTPARTY_HMAC_PREVIOUS_KEYS (comma-separated), in order given."""
    environ = os.environ if environ is None else environ
    keys = [key.strip() for key in environ.get(PREVIOUS_KEYS_VARIABLE, "").split(",") if key.strip()]
    for number, key in enumerate(keys, start=1):
        if len(key) < MIN_KEY_LENGTH:
            raise MissingHmacKeyError(
                f"firstparty: key {number} in {PREVIOUS_KEYS_VARIABLE} is shorter than {MIN_KEY_LENGTH} "
                "characters; list the earlier FIRSTPARTY_HMAC_KEY values exactly, separated by commas."
            )
    return [key.encode("utf-8") for key in keys]


def key_fingerprint(master_key: bytes, destination: str = ROTATED_DESTINATION) -> str:
    """Which key made a hash, never the key: HMAC of a fixed label under the destination key, 16 hex."""
    return hmac.new(destination_key(master_key, destination), FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[
        :16
    ]


def destination_key(master_key: bytes, destination: str) -> bytes:
    """The key one destination hashes with: HMAC-SHA256(master key, 'firstparty keyed_hash v1|' + name)."""
    if not destination:
        raise ValueError("firstparty: hmac_sha256 needs a destination name")
    return hmac.new(
        master_key, b"firstparty keyed_hash v1|" + destination.encode("utf-8"), hashlib.sha256
    ).digest()


def keyed_hash(value: str, destination: str, master_key: bytes) -> str:
    """Lower-case hex HMAC-SHA256 of the (already normalised) value with the destination's key."""
    return hmac.new(
        destination_key(master_key, destination), value.encode("utf-8"), hashlib.sha256
    ).hexdigest()


def hmac_pads(key: bytes) -> tuple[bytes, bytes]:
    """HMAC's inner and outer padded keys (RFC 2104) for SHA-256: key XOR 0x36.., key XOR 0x5c.."""
    if len(key) > SHA256_BLOCK_SIZE:
        key = hashlib.sha256(key).digest()
    key = key.ljust(SHA256_BLOCK_SIZE, b"\0")
    return bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)


def pad_name(destination: str, pad: str, slot: str = "") -> str:
    """The name of one destination's inner ('ipad') or outer ('opad') padded key in the pads variable;
    `slot` 'previous_<n>' for the n-th key of FIRSTPARTY_HMAC_PREVIOUS_KEYS."""
    return f"{pad}__{destination}" + (f"__{slot}" if slot else "")


def key_slots(master_key: bytes, previous_keys: list[bytes] | None = None) -> dict[str, bytes]:
    """The master key per key slot: '' for the current key, 'previous_<n>' for the earlier ones."""
    slots = {"": master_key}
    for number, previous_key in enumerate(previous_keys or [], start=1):
        slots[f"previous_{number}"] = previous_key
    return slots


def key_pads(master_key: bytes, previous_keys: list[bytes] | None = None) -> dict[str, bytes]:
    """Every pad the keyed_hash macro reads: each destination's under the current key, and the
    tombstone destination's under each previous key (the only use of previous keys)."""
    pads = {}
    for slot, key in key_slots(master_key, previous_keys).items():
        for destination in DESTINATIONS if not slot else (ROTATED_DESTINATION,):
            inner, outer = hmac_pads(destination_key(key, destination))
            pads[pad_name(destination, "ipad", slot)] = inner
            pads[pad_name(destination, "opad", slot)] = outer
    return pads


def set_key_variables(cursor: DuckDBPyConnection, pads: Mapping[str, bytes]) -> None:
    """Set the pads (key_pads) as one session variable on a connection or cursor, as bound values."""
    cursor.execute(
        f"set variable {PADS_VARIABLE} = map(?::varchar[], ?::blob[])", [list(pads), list(pads.values())]
    )


def register_key_functions(
    conn: DuckDBPyConnection, source: str, fingerprints: Mapping[str, str] | None = None
) -> None:
    """Register the functions that say which key was loaded, without a secret: the key source and a key
    slot's fingerprint (null for a slot without a key)."""
    known = dict(fingerprints or {})

    def fingerprint(key_slot: str | None) -> str | None:
        return known.get(key_slot or "")

    conn.create_function(KEY_SOURCE_FUNCTION, lambda: source, [], "VARCHAR", side_effects=True)
    conn.create_function(FINGERPRINT_FUNCTION, fingerprint, ["VARCHAR"], "VARCHAR", null_handling="special")


class Plugin(BasePlugin):
    """dbt-duckdb plugin: registers hmac_sha256(value, destination) and the key functions on every
    connection dbt opens, and sets the pads on it and on every cursor.

    The key is read when the connection is configured and kept in this process only. Without a key the
    function is still registered, so parsing, compiling and linting work, but any query that hashes
    fails with the missing-key message.
    """

    def initialize(self, plugin_config: dict[str, Any]) -> None:
        self._warned = False

    def configure_cursor(self, cursor: DuckDBPyConnection) -> None:
        """Session variables do not carry over to a cursor (a connection of its own): set them again."""
        try:
            master_key, _ = resolve_key()
            previous_keys = resolve_previous_keys()
        except MissingHmacKeyError:
            return
        set_key_variables(cursor, key_pads(master_key, previous_keys))

    def configure_connection(self, conn: DuckDBPyConnection) -> None:
        try:
            master_key, source = resolve_key()
            previous_keys = resolve_previous_keys()
        except MissingHmacKeyError as error:
            message = str(error)

            def hash_without_key(value: str, destination: str) -> str:
                raise MissingHmacKeyError(message)

            conn.create_function(SQL_FUNCTION, hash_without_key, ["VARCHAR", "VARCHAR"], "VARCHAR")
            # 'too_short' when a key is set but too short, 'missing' when there is none: the on-run-start
            # warning (macro warn_if_demo_hmac_key) says which.
            problem = "too_short" if isinstance(error, ShortHmacKeyError) else "missing"
            register_key_functions(conn, problem)
            return
        if source == "demo" and not self._warned:
            sys.stderr.write(DEMO_WARNING)
            self._warned = True
        derived: dict[str, bytes] = {}

        def hash_value(value: str, destination: str) -> str:
            key = derived.get(destination)
            if key is None:
                key = derived.setdefault(destination, destination_key(master_key, destination))
            return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()

        conn.create_function(SQL_FUNCTION, hash_value, ["VARCHAR", "VARCHAR"], "VARCHAR")
        slots = key_slots(master_key, previous_keys)
        register_key_functions(conn, source, {slot: key_fingerprint(key) for slot, key in slots.items()})
        set_key_variables(conn, key_pads(master_key, previous_keys))
