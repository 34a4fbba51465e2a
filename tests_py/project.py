"""Shared access to the built project for pytest: the manifest and the DuckDB file `make test` built."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
CATALOG = "firstparty"  # every target attaches its DuckDB file under this name (profiles.yml)


def connect_as_built(path: Path, *, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """A connection with the DuckDB file attached under the catalog name dbt gives it, so that SQL dbt
    compiled or printed (firstparty.<schema>.<name>) runs on it as it is."""
    con = duckdb.connect()
    mode = " (read_only)" if read_only else ""
    con.execute(f"attach '{Path(path).as_posix()}' as {CATALOG}{mode}")
    con.execute(f"use {CATALOG}")
    return con


@cache
def manifest() -> dict[str, Any]:
    """target/manifest.json of the last dbt build; `make test` writes it before pytest runs."""
    path = REPO_ROOT / "target" / "manifest.json"
    if not path.exists():
        raise AssertionError(f"{path} is missing: run `make test` (it builds the project before pytest)")
    return json.loads(path.read_text())


def built_db_path() -> Path:
    """The DuckDB file the last build wrote: FIRSTPARTY_DUCKDB_PATH, as `make test` sets it."""
    path = Path(os.environ.get("FIRSTPARTY_DUCKDB_PATH", REPO_ROOT / "target" / "test.duckdb"))
    if not path.is_absolute():
        path = REPO_ROOT / path
    if not path.exists():
        raise AssertionError(f"{path} is missing: run `make test` (it builds the project before pytest)")
    return path


def query(sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    """Run one read-only query on the built database with a short-lived connection."""
    con = duckdb.connect(str(built_db_path()), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def project_vars() -> dict[str, Any]:
    return yaml.safe_load((REPO_ROOT / "dbt_project.yml").read_text())["vars"]


def project_nodes(*resource_types: str) -> list[dict[str, Any]]:
    """The project's own enabled nodes of these resource types, sorted by unique_id."""
    found = [
        node
        for node in manifest()["nodes"].values()
        if node["resource_type"] in resource_types and node["package_name"] == "firstparty"
    ]
    return sorted(found, key=lambda node: node["unique_id"])
