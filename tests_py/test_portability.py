"""Portability (issue 13 point 5): engine-specific SQL only inside dispatched macros; the project parses for
every adapter installed.

Cheap on purpose: the first cases read files only (no dbt). Model and test SQL files, with their Jinja
removed, must call none of the functions below, which exist on one engine only: such a call belongs in a
macro with `adapter.dispatch` and a `default__`. The slow case parses the project for duckdb, postgres and
spark (skipped, with the reason, when dbt-spark is not installed or profiles.yml has no spark output).
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
import yaml
from dbt_helpers import REPO_ROOT, run_dbt

# Functions (and syntax) of one engine: DuckDB's lists, structs, regex, session variables and casts,
# Postgres' string_agg and regexp_matches, keyed hashing that must go through keyed_hash, plain sha256.
ENGINE_SPECIFIC = {
    "regexp_matches(": r"\bregexp_matches\s*\(",
    "regexp_full_match(": r"\bregexp_full_match\s*\(",
    "list_*(": r"\blist_[a-z_]+\s*\(",
    "struct_pack(": r"\bstruct_pack\s*\(",
    "strftime(": r"\bstrftime\s*\(",
    "strptime(": r"\bstrptime\s*\(",
    "epoch(": r"\bepoch(_ms|_us)?\s*\(",
    "::": r"::",
    "sha256(": r"\bsha256\s*\(",
    "sha2(": r"\bsha2\s*\(",
    "hmac": r"\bhmac",
    "string_agg(": r"\bstring_agg\s*\(",
    "getvariable(": r"\bgetvariable\s*\(",
    "columns(": r"\bcolumns\s*\(",
    "jaro_winkler": r"\bjaro_winkler",
    "unnest(": r"\bunnest\s*\(",
    "cast(... as double)": r"\bas\s+double\b(?!\s+precision)",
}
JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
SQL_COMMENT = re.compile(r"--[^\n]*")


def sql_files() -> list[Path]:
    return sorted((REPO_ROOT / "models").rglob("*.sql")) + sorted((REPO_ROOT / "tests").rglob("*.sql"))


def engine_specific_calls(text: str) -> list[str]:
    plain = SQL_COMMENT.sub("", JINJA.sub(" ", text))
    return [name for name, pattern in ENGINE_SPECIFIC.items() if re.search(pattern, plain, re.IGNORECASE)]


def test_model_and_test_sql_call_no_engine_specific_function():
    found = {
        str(path.relative_to(REPO_ROOT)): calls
        for path in sql_files()
        if (calls := engine_specific_calls(path.read_text()))
    }
    assert found == {}


def test_the_check_finds_what_it_looks_for():
    assert engine_specific_calls("select list_value(1), x::int, sha256(y) from t") == [
        "list_*(",
        "::",
        "sha256(",
    ]
    assert (
        engine_specific_calls("select list_name, {{ firstparty.sha256_hex('y') }} -- sha256(z)\nfrom t") == []
    )
    assert engine_specific_calls("select cast(a as double) from t") == ["cast(... as double)"]
    assert engine_specific_calls("select cast(a as double precision) from t") == []


def test_base_model_columns_macro_equals_the_yml():
    """macro base_model_columns (unit tests get no graph) lists each base_ model's yml columns in order."""
    documented = {}
    for path in (REPO_ROOT / "models" / "staging").rglob("*.yml"):
        for model in (yaml.safe_load(path.read_text()) or {}).get("models", []):
            if model["name"].startswith("base_"):
                documented[model["name"]] = [column["name"] for column in model.get("columns", [])]
    text = (REPO_ROOT / "macros" / "staging" / "base_model_columns.sql").read_text()
    listed = {
        name: re.findall(r"'([a-z0-9_]+)'", body)
        for name, body in re.findall(r"'(base_[a-z_]+)': \[(.*?)\]", text, re.DOTALL)
    }
    assert len(documented) >= 10
    assert listed == documented


def spark_available() -> str | None:
    """Why the spark case cannot run, or None."""
    if importlib.util.find_spec("dbt.adapters.spark") is None:
        return "dbt-spark is not installed"
    outputs = yaml.safe_load((REPO_ROOT / "profiles.yml").read_text())["firstparty"]["outputs"]
    if "spark" not in outputs:
        return "profiles.yml has no spark output"
    return None


@pytest.mark.slow
@pytest.mark.parametrize("target", ["test", "postgres", "spark"])
def test_the_project_parses_for_every_adapter(target, tmp_path):
    if target == "postgres" and importlib.util.find_spec("dbt.adapters.postgres") is None:
        pytest.skip("dbt-postgres is not installed")
    if target == "spark" and (reason := spark_available()):
        pytest.skip(reason)
    profiles_dir = REPO_ROOT
    if target == "spark" and importlib.util.find_spec("pyspark") is None:
        profiles_dir = parse_only_spark_profiles(tmp_path)
    run = run_dbt(
        ["parse", "--target", target],
        db_path=tmp_path / "parse.duckdb",
        work_dir=tmp_path,
        profiles_dir=profiles_dir,
    )
    assert run.success, run.output()


def parse_only_spark_profiles(folder: Path) -> Path:
    """profiles.yml with the spark output on dbt-spark's thrift method: parsing never connects, and the
    session method's credentials check imports PySpark (300 MB, installed by make test-spark only), while
    the thrift method's imports are dbt-spark[PyHive]'s small pure-Python packages (the dev extra). The
    adapter, and so every dispatched macro parsed, is the same: spark."""
    profiles = yaml.safe_load((REPO_ROOT / "profiles.yml").read_text())
    spark = profiles["firstparty"]["outputs"]["spark"]
    spark.update({"method": "thrift", "host": "localhost", "port": 10000})
    spark.pop("server_side_parameters", None)
    (folder / "profiles.yml").write_text(yaml.safe_dump(profiles))
    return folder
