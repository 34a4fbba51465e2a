"""Slim CI on DuckDB: a tree built with another database file is not `state:modified` against production.

DuckDB names a file's catalog after the file, and dbt writes the catalog into every source's relation:
with the production file `firstparty.duckdb` and CI's `target/test.duckdb`, every source (and, with `+`,
the whole project downstream) was `state:modified`. profiles.yml attaches the build file under the fixed
name `firstparty` on every target (plugin firstparty.catalog), so the manifests agree. Here the project
is parsed for the dev target with one file, then listed for the test target with a file of another
name in another folder against that manifest: nothing is modified.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dbt_helpers import run_dbt

pytestmark = pytest.mark.slow


def test_another_database_file_selects_nothing_as_state_modified(tmp_path: Path) -> None:
    production, pull_request = tmp_path / "production", tmp_path / "pull_request"
    parsed = run_dbt(
        ["parse", "--target", "dev"], db_path=production / "firstparty.duckdb", work_dir=production
    )
    assert parsed.success, parsed.output()
    manifest = json.loads((production / "target" / "manifest.json").read_text())
    assert {source["database"] for source in manifest["sources"].values()} == {"firstparty"}
    listed = run_dbt(
        ["ls", "--target", "test", "--select", "state:modified", "--state", str(production / "target")],
        db_path=pull_request / "ci" / "test.duckdb",
        work_dir=pull_request,
    )
    assert listed.success, listed.output()
    assert listed.result == []
