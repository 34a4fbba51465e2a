"""Project-wide rules read from target/manifest.json and the built database.

Every model and seed is documented; every column that exists in the built relation is documented
and carries a known privacy class in meta.pii; nothing is documented that does not exist.
"""

from __future__ import annotations

from typing import Any

import pytest
from project import manifest, project_nodes, project_vars, query

PRIVACY_CLASSES = set(project_vars()["privacy_classes"])


def _relation_columns(node: dict[str, Any]) -> list[str]:
    rows = query(
        "select column_name from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [node["schema"], node["alias"]],
    )
    return [row[0] for row in rows]


def _built_nodes() -> list[dict[str, Any]]:
    return [
        node for node in project_nodes("model", "seed") if node["config"].get("materialized") != "ephemeral"
    ]


@pytest.mark.parametrize("node", _built_nodes(), ids=lambda node: node["name"])
def test_every_model_and_seed_is_documented(node: dict[str, Any]) -> None:
    assert node["description"].strip(), f"{node['name']} has no description"


@pytest.mark.parametrize("node", _built_nodes(), ids=lambda node: node["name"])
def test_every_built_column_is_documented_and_classified(node: dict[str, Any]) -> None:
    actual = _relation_columns(node)
    assert actual, f"{node['name']}: no relation {node['schema']}.{node['alias']} in the built database"
    documented = {name.lower(): column for name, column in node["columns"].items()}
    undocumented = [name for name in actual if name.lower() not in documented]
    assert not undocumented, f"{node['name']}: columns with no yml entry: {undocumented}"
    stale = sorted(set(documented) - {name.lower() for name in actual})
    assert not stale, f"{node['name']}: yml documents columns the relation does not have: {stale}"
    for name in actual:
        column = documented[name.lower()]
        assert column["description"].strip(), f"{node['name']}.{name} has no description"
        pii = column["meta"].get("pii")
        assert pii in PRIVACY_CLASSES, (
            f"{node['name']}.{name}: meta.pii is {pii!r}; every column needs one of {sorted(PRIVACY_CLASSES)}"
        )


def test_every_source_column_is_documented_and_classified() -> None:
    sources = [s for s in manifest()["sources"].values() if s["package_name"] == "firstparty"]
    assert sources, "the manifest lists no sources"
    for source in sources:
        assert source["columns"], f"source {source['source_name']}.{source['name']} declares no columns"
        for name, column in source["columns"].items():
            assert column["description"].strip(), f"source {source['name']}.{name} has no description"
            assert column["meta"].get("pii") in PRIVACY_CLASSES, (
                f"source {source['name']}.{name} unclassified"
            )


def test_the_manifest_rules_catch_an_unclassified_column(monkeypatch: pytest.MonkeyPatch) -> None:
    """The classification check fails on a column without meta.pii (so the test above can fail)."""
    node = next(n for n in _built_nodes() if n["name"] == "stg_crm__contacts")
    broken = {**node, "columns": {**node["columns"], "email": {**node["columns"]["email"], "meta": {}}}}
    with pytest.raises(AssertionError, match="meta.pii"):
        test_every_built_column_is_documented_and_classified(broken)


def test_each_export_is_parsed_into_one_table_and_staged_through_a_view() -> None:
    """A base_ model parses, classifies and hashes its export's raw rows once: a table, or every reader
    would parse them again (staging's default in dbt_project.yml). The stg_ model over it filters and
    projects those rows: a view (`config(materialized='view')` in the model), or the build writes every staged
    row twice."""
    models = project_nodes("model")
    kinds = {
        "base_": [n for n in models if n["name"].startswith("base_")],
        "stg_": [
            n
            for n in models
            if n["name"].startswith("stg_")
            and any(parent.split(".")[-1].startswith("base_") for parent in n["depends_on"]["nodes"])
        ],
    }
    assert kinds["base_"] and kinds["stg_"], "no base_ or stg_ models in the manifest"
    wrong = [n["name"] for n in kinds["base_"] if n["config"]["materialized"] != "table"]
    wrong += [n["name"] for n in kinds["stg_"] if n["config"]["materialized"] != "view"]
    assert not wrong, f"base_ models must be tables and stg_ models views (config in the model): {wrong}"
