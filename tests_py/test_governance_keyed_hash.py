"""The keyed-hash plugin: where the key comes from, what a missing key does, and what the hash is."""

from __future__ import annotations

import hashlib
import hmac
import re
from pathlib import Path

import duckdb
import pytest

from firstparty import keyed_hash as kh

SECRET = "s" * 40


def _configured_connection(monkeypatch: pytest.MonkeyPatch, **environ: str) -> duckdb.DuckDBPyConnection:
    for name in (kh.KEY_VARIABLE, kh.DEMO_VARIABLE):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    connection = duckdb.connect()
    kh.Plugin(name="keyed_hash", plugin_config={}).configure_connection(connection)
    return connection


def test_the_key_comes_from_the_environment() -> None:
    assert kh.resolve_key({kh.KEY_VARIABLE: SECRET}) == (SECRET.encode(), "environment")


def test_an_explicit_key_wins_over_the_demo_opt_in() -> None:
    assert kh.resolve_key({kh.KEY_VARIABLE: SECRET, kh.DEMO_VARIABLE: "1"})[1] == "environment"


def test_the_demo_key_needs_the_explicit_opt_in() -> None:
    assert kh.resolve_key({kh.DEMO_VARIABLE: "1"}) == (kh.DEMO_KEY.encode(), "demo")
    for value in ("", "0", "true", "yes"):
        with pytest.raises(kh.MissingHmacKeyError):
            kh.resolve_key({kh.DEMO_VARIABLE: value})


def test_a_missing_key_names_the_variable_and_the_way_out() -> None:
    with pytest.raises(kh.MissingHmacKeyError, match=f"{kh.KEY_VARIABLE} is not set.*{kh.DEMO_VARIABLE}=1"):
        kh.resolve_key({})


def test_a_short_key_is_refused() -> None:
    expected = f"shorter than the {kh.MIN_KEY_LENGTH} characters required"
    with pytest.raises(kh.ShortHmacKeyError, match=expected):
        kh.resolve_key({kh.KEY_VARIABLE: "too-short"})


def test_a_short_key_is_reported_as_too_short_not_as_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    connection = _configured_connection(monkeypatch, **{kh.KEY_VARIABLE: "too-short"})
    assert connection.execute("select firstparty_hmac_key_source()").fetchone() == ("too_short",)
    with pytest.raises(duckdb.Error, match=f"set but shorter than the {kh.MIN_KEY_LENGTH} characters"):
        connection.execute("select hmac_sha256('x', 'tombstone')").fetchone()


@pytest.mark.slow
def test_the_run_start_warning_says_a_short_key_is_too_short_and_the_length_required(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The on-run-start macro once told a too-short key that it 'is not set'."""
    from dbt_helpers import run_dbt

    monkeypatch.delenv(kh.DEMO_VARIABLE, raising=False)
    monkeypatch.setenv(kh.KEY_VARIABLE, "too-short")
    result = run_dbt(
        ["run-operation", "warn_if_demo_hmac_key"], db_path=tmp_path / "warn.duckdb", work_dir=tmp_path
    )
    assert result.success, result.output()[-3000:]
    assert "too short" in result.output()
    assert f"at least {kh.MIN_KEY_LENGTH} characters" in result.output()
    assert "is not set" not in result.output()


def test_the_hash_is_hmac_sha256_with_a_key_derived_per_destination() -> None:
    derived = hmac.new(SECRET.encode(), b"firstparty keyed_hash v1|tombstone", hashlib.sha256).digest()
    expected = hmac.new(derived, b"email:ann@example.org", hashlib.sha256).hexdigest()
    assert kh.keyed_hash("email:ann@example.org", "tombstone", SECRET.encode()) == expected
    assert kh.keyed_hash("email:ann@example.org", "clean_room", SECRET.encode()) != expected
    assert (
        kh.keyed_hash("email:ann@example.org", "tombstone", b"another-secret-of-enough-length!!") != expected
    )
    assert expected != hashlib.sha256(b"email:ann@example.org").hexdigest()


def test_the_plugin_registers_hmac_sha256_on_the_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    connection = _configured_connection(monkeypatch, **{kh.KEY_VARIABLE: SECRET})
    row = connection.execute(
        "select hmac_sha256('email:ann@example.org', 'tombstone'), hmac_sha256(null, 'tombstone'), "
        "firstparty_hmac_key_source()"
    ).fetchone()
    assert row == (kh.keyed_hash("email:ann@example.org", "tombstone", SECRET.encode()), None, "environment")


def test_without_a_key_every_hash_fails_with_the_message(monkeypatch: pytest.MonkeyPatch) -> None:
    connection = _configured_connection(monkeypatch)
    assert connection.execute("select firstparty_hmac_key_source()").fetchone() == ("missing",)
    with pytest.raises(duckdb.Error, match=f"{kh.KEY_VARIABLE} is not set"):
        connection.execute("select hmac_sha256('x', 'tombstone')").fetchone()


def test_the_demo_key_warns_loudly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    connection = _configured_connection(monkeypatch, **{kh.DEMO_VARIABLE: "1"})
    assert connection.execute("select firstparty_hmac_key_source()").fetchone() == ("demo",)
    assert "PUBLIC demo key" in capsys.readouterr().err


# The SQL the keyed_hash macro compiles to on DuckDB, for a bound value and one destination.
NATIVE_HMAC_SQL = (
    "select case when getvariable('firstparty_hmac_pads') is not null "
    "then sha256(getvariable('firstparty_hmac_pads')['opad__{d}'] "
    "|| unhex(sha256(getvariable('firstparty_hmac_pads')['ipad__{d}'] || encode(?)))) "
    "else hmac_sha256(?, '{d}') end"
)
VALUES = ["email:ann@example.org", "phone:+447700900001", "email:zoë@exämple.org", "", "x" * 300]


@pytest.mark.parametrize("destination", kh.DESTINATIONS)
def test_the_native_composition_equals_hmac_sha256(monkeypatch: pytest.MonkeyPatch, destination: str) -> None:
    connection = _configured_connection(monkeypatch, **{kh.KEY_VARIABLE: SECRET})
    kh.Plugin(name="keyed_hash", plugin_config={}).configure_cursor(cursor := connection.cursor())
    for con in (connection, cursor):
        for value in VALUES:
            row = con.execute(NATIVE_HMAC_SQL.format(d=destination), [value, value]).fetchone()
            assert row == (kh.keyed_hash(value, destination, SECRET.encode()),), value


def test_a_cursor_without_variables_uses_the_keyed_function(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    connection = _configured_connection(monkeypatch, **{kh.KEY_VARIABLE: SECRET})
    cursor = connection.cursor()  # configure_cursor not called: no session variables on it
    row = cursor.execute(NATIVE_HMAC_SQL.format(d="tombstone"), ["a", "a"]).fetchone()
    assert row == (kh.keyed_hash("a", "tombstone", SECRET.encode()),)


def test_without_a_key_the_native_composition_fails_with_the_message(monkeypatch: pytest.MonkeyPatch) -> None:
    connection = _configured_connection(monkeypatch)
    with pytest.raises(duckdb.Error, match=f"{kh.KEY_VARIABLE} is not set"):
        connection.execute(NATIVE_HMAC_SQL.format(d="tombstone"), ["x", "x"]).fetchone()


def test_the_plugin_knows_every_hash_destination() -> None:
    macro = (Path(__file__).parents[1] / "macros/governance/hash_destinations.sql").read_text()
    assert set(re.findall(r"'(\w+)': \{'email'", macro)) == set(kh.DESTINATIONS)
