"""Project-wide rules read from target/manifest.json only (`dbt parse` is enough to check them).

- Every model has a grain test: `unique` and `not_null` on one plain column, the project's own
  `unique_combination_of_columns` for a compound key, or `exactly_one_row` for a one-row settings model.
- No `unique` test is written on an expression (such as `a || ':' || b`): a compound key is tested with
  `unique_combination_of_columns`, which also counts null as a value instead of letting it pass.
- Every macro of the project has a yml description, and its documented arguments are exactly the ones
  its signature takes.
- Every unit test's name fits a Postgres identifier (63 bytes): dbt-postgres names relations after it,
  and Postgres refuses or truncates longer names, so `make test-postgres` fails where DuckDB passed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pytest
from project import manifest, project_nodes

PLAIN_COLUMN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
SIGNATURE = re.compile(r"\{%-?\s*(?:macro|test)\s+\w+\s*\((?P<arguments>.*?)\)\s*-?%\}", re.S)


def _generic_tests_by_model() -> dict[str, list[dict[str, Any]]]:
    """Each model's generic data tests as {name, column, combination}, keyed by the model's unique_id."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for test in project_nodes("test"):
        metadata = test.get("test_metadata")
        if not metadata or not test.get("attached_node"):
            continue
        kwargs = metadata.get("kwargs", {})
        found[test["attached_node"]].append(
            {
                "name": metadata["name"],
                "column": kwargs.get("column_name"),
                "combination": kwargs.get("combination_of_columns"),
            }
        )
    return found


def grain_problem(model: dict[str, Any], tests: list[dict[str, Any]]) -> str | None:
    """Why `model` has no grain test, or None when it has one."""
    if any(t["name"] in ("unique_combination_of_columns", "exactly_one_row") for t in tests):
        return None
    not_null = {t["column"] for t in tests if t["name"] == "not_null"}
    unique = {t["column"] for t in tests if t["name"] == "unique" and PLAIN_COLUMN.match(t["column"] or "")}
    if unique & not_null:
        return None
    if unique:
        return f"{model['name']}: unique on {sorted(unique)} but no not_null on the same column"
    return (
        f"{model['name']}: no grain test (unique + not_null on its key column, "
        "unique_combination_of_columns on a compound key, or exactly_one_row)"
    )


def _models() -> list[dict[str, Any]]:
    return project_nodes("model")


@pytest.mark.parametrize("model", _models(), ids=lambda node: node["name"])
def test_every_model_has_a_grain_test(model: dict[str, Any]) -> None:
    problem = grain_problem(model, _generic_tests_by_model().get(model["unique_id"], []))
    assert problem is None, problem


def test_no_unique_test_on_an_expression() -> None:
    expressions = [
        f"{test['attached_node']}: unique on {test['test_metadata']['kwargs']['column_name']!r}"
        for test in project_nodes("test")
        if (test.get("test_metadata") or {}).get("name") == "unique"
        and not PLAIN_COLUMN.match(test["test_metadata"]["kwargs"].get("column_name") or "")
    ]
    assert not expressions, "use unique_combination_of_columns for a compound key: " + "; ".join(expressions)


def signature_arguments(macro_sql: str) -> list[str]:
    """The argument names of the first `{% macro name(...) %}` or `{% test name(...) %}` in the text."""
    match = SIGNATURE.search(macro_sql)
    if not match or not match["arguments"].strip():
        return []
    return [
        part.split("=", 1)[0].strip() for part in re.split(r",(?![^\[\(\{]*[\]\)\}])", match["arguments"])
    ]


def macro_doc_problem(macro: dict[str, Any]) -> str | None:
    """Why `macro` is not fully documented, or None."""
    if not macro["description"].strip():
        return f"{macro['name']} ({macro['original_file_path']}) has no yml description"
    documented = [argument["name"] for argument in macro["arguments"]]
    expected = signature_arguments(macro["macro_sql"])
    if sorted(documented) != sorted(expected):
        return f"{macro['name']}: yml documents arguments {documented}, the signature takes {expected}"
    undescribed = [a["name"] for a in macro["arguments"] if not (a.get("description") or "").strip()]
    if undescribed:
        return f"{macro['name']}: arguments with no description: {undescribed}"
    return None


def _macros() -> list[dict[str, Any]]:
    found = [m for m in manifest()["macros"].values() if m["package_name"] == "firstparty"]
    return sorted(found, key=lambda macro: macro["unique_id"])


@pytest.mark.parametrize("macro", _macros(), ids=lambda macro: macro["name"])
def test_every_macro_is_documented(macro: dict[str, Any]) -> None:
    problem = macro_doc_problem(macro)
    assert problem is None, problem


def test_the_rules_catch_a_missing_grain_test_and_an_undocumented_macro() -> None:
    """The checks above can fail: on a model with unique but no not_null, a || key, a bare macro."""
    model = {"name": "some_model"}
    assert grain_problem(model, []) is not None
    assert grain_problem(model, [{"name": "unique", "column": "id", "combination": None}]) is not None
    concatenated = [
        {"name": "unique", "column": "a || ':' || b", "combination": None},
        {"name": "not_null", "column": "a || ':' || b", "combination": None},
    ]
    assert grain_problem(model, concatenated) is not None
    keyed = [
        {"name": "unique", "column": "id", "combination": None},
        {"name": "not_null", "column": "id", "combination": None},
    ]
    assert grain_problem(model, keyed) is None
    bare = {
        "name": "m",
        "original_file_path": "macros/m.sql",
        "description": "",
        "arguments": [],
        "macro_sql": "{% macro m(expr, pattern='x') %}{% endmacro %}",
    }
    assert macro_doc_problem(bare) is not None
    described = {
        **bare,
        "description": "Does m.",
        "arguments": [{"name": "expr", "description": "An expression."}],
    }
    assert "pattern" in (macro_doc_problem(described) or "")
    complete = {
        **described,
        "arguments": [*described["arguments"], {"name": "pattern", "description": "A regex."}],
    }
    assert macro_doc_problem(complete) is None


# The erasure closure reads the raw exports on purpose: it must find an erased person's identifiers
# before staging stores any row (docs/governance.md). Every other model reads what staging made.
READS_RAW_EXPORTS_BY_DESIGN = {"erasure_tombstones"}


def raw_readers_outside_staging(models: list[dict[str, Any]]) -> list[str]:
    """Models outside models/staging/ that read a source or a raw demo seed, but for the erasure closure."""
    found = []
    for model in models:
        reads_raw = any(
            parent.startswith("source.") or (parent.startswith("seed.") and ".raw_" in parent)
            for parent in model["depends_on"]["nodes"]
        )
        in_staging = model["original_file_path"].replace("\\", "/").startswith("models/staging/")
        if reads_raw and not in_staging and model["name"] not in READS_RAW_EXPORTS_BY_DESIGN:
            found.append(f"{model['name']} ({model['original_file_path']}) reads a raw export")
    return found


def test_only_staging_reads_the_raw_exports() -> None:
    assert raw_readers_outside_staging(_models()) == []


def test_the_raw_reader_rule_catches_a_mart_reading_a_source() -> None:
    mart = {
        "name": "dim_x",
        "original_file_path": "models/marts/x/dim_x.sql",
        "depends_on": {"nodes": ["source.firstparty.crm.contacts"]},
    }
    staged = {**mart, "name": "stg_x", "original_file_path": "models/staging/x/stg_x.sql"}
    expected = ["dim_x (models/marts/x/dim_x.sql) reads a raw export"]
    assert raw_readers_outside_staging([mart, staged]) == expected


POSTGRES_IDENTIFIER_BYTES = 63


def names_too_long_for_postgres(names: list[str]) -> list[str]:
    """The names longer than a Postgres identifier, with their length."""
    return [
        f"{name} ({len(name.encode())} bytes)"
        for name in names
        if len(name.encode()) > POSTGRES_IDENTIFIER_BYTES
    ]


def test_unit_test_names_fit_a_postgres_identifier() -> None:
    names = [unit_test["name"] for unit_test in manifest()["unit_tests"].values()]
    assert names, "the manifest lists no unit tests"
    assert names_too_long_for_postgres(names) == []


def test_the_name_rule_catches_a_name_one_byte_too_long() -> None:
    assert names_too_long_for_postgres(["a" * 63]) == []
    assert names_too_long_for_postgres(["a" * 64]) == [f"{'a' * 64} (64 bytes)"]
