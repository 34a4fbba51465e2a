"""dbt-project-evaluator's structure rules that fit this project, checked on target/manifest.json.

The package cannot be installed here (no dbt hub), so its rules are restated: model naming per layer,
direct joins to sources, staging depending on staging, root models. Missing grain tests and
undocumented models are its other two rules here: test_project_grain_and_macro_docs.py and
test_project_contract.py check them. Each exception below quotes the README section that gives its
reason, and a test checks that README still says it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from project import REPO_ROOT, manifest, project_nodes

STAGING = "models/staging/"
STAGING_NAME = re.compile(r"^(base|stg)_[a-z0-9]+__[a-z0-9_]+$")
INTERMEDIATE_NAME = re.compile(r"^int_[a-z0-9_]+__[a-z0-9_]+$")

# The erasure ledger is decided from the raw exports before staging stores a row, and every base_ model
# reads it to stub erased rows: the one model a staging model reads, and the one join of a source with
# a model.
ERASURE_LEDGER = "erasure_tombstones"
ERASURE_REASON = "erasure must be decided before any table holds a raw row"
# Models built from configuration alone (vars), with nothing to select from.
ROOT_MODELS = {
    "int_identity__match_levels": "the comparison levels probabilistic matching declares in one place",
    "int_lifetime_value__settings": "the lifetime-value settings the vars give",
    "metricflow_time_spine": "the calendar MetricFlow requires",
}


def _models() -> list[dict[str, Any]]:
    return [node for node in project_nodes("model") if node["config"].get("enabled", True)]


def _model_parents(node: dict[str, Any]) -> list[str]:
    nodes = manifest()["nodes"]
    return [nodes[parent]["name"] for parent in node["depends_on"]["nodes"] if parent.startswith("model.")]


def naming_violations(models: list[dict[str, Any]]) -> list[str]:
    """Staging models are base_/stg_<source>__<table>; elsewhere int_ steps are int_<domain>__<step>."""
    found = []
    for node in models:
        name, path = node["name"], node["original_file_path"]
        if path.startswith(STAGING) and not STAGING_NAME.match(name):
            found.append(f"{path}: a staging model is named base_<source>__<table> or stg_<source>__<table>")
        if not path.startswith(STAGING) and name.startswith(("base_", "stg_")):
            found.append(f"{path}: base_/stg_ names belong to models/staging")
        if name.startswith("int_") and not INTERMEDIATE_NAME.match(name):
            found.append(f"{path}: an intermediate step is named int_<domain>__<step>")
    return found


def staging_dependency_violations(models: list[dict[str, Any]]) -> list[str]:
    """A staging model reads sources and its own base_ model, never another stg_ model or another layer."""
    found = []
    for node in models:
        if not node["original_file_path"].startswith(STAGING):
            continue
        for parent in _model_parents(node):
            if parent == ERASURE_LEDGER:
                continue
            if parent.startswith("stg_"):
                found.append(f"{node['name']} depends on the staging model {parent}")
            elif not parent.startswith("base_"):
                found.append(f"{node['name']} depends on {parent}, outside staging")
    return found


def source_join_violations(models: list[dict[str, Any]]) -> list[str]:
    """No model joins a source with a model (the evaluator's direct join to source)."""
    found = []
    for node in models:
        reads_source = any(parent.startswith("source.") for parent in node["depends_on"]["nodes"])
        parents = [parent for parent in _model_parents(node) if parent != ERASURE_LEDGER]
        if reads_source and parents:
            found.append(f"{node['name']} joins a source with {', '.join(sorted(parents))}")
    return found


def root_model_violations(models: list[dict[str, Any]]) -> list[str]:
    """Every model reads something (a ref, a source or a seed), unless it is a listed root model."""
    return [
        f"{node['original_file_path']} reads no model, source or seed"
        for node in models
        if not node["depends_on"]["nodes"] and node["name"] not in ROOT_MODELS
    ]


RULES = [naming_violations, staging_dependency_violations, source_join_violations, root_model_violations]


@pytest.mark.parametrize("rule", RULES, ids=[rule.__name__ for rule in RULES])
def test_the_project_follows_the_rule(rule) -> None:  # noqa: ANN001
    assert rule(_models()) == []


def test_every_exception_is_still_needed_and_its_reason_is_in_readme() -> None:
    models = {node["name"]: node for node in _models()}
    readme = " ".join((REPO_ROOT / "README.md").read_text().split())
    assert ERASURE_REASON in readme
    assert any(
        ERASURE_LEDGER in _model_parents(node) for node in models.values() if node["name"].startswith("base_")
    )
    for name, reason in ROOT_MODELS.items():
        assert name in models and not models[name]["depends_on"]["nodes"], name
        assert f"`{name}` ({reason})" in readme, name


SOURCE = "source.firstparty.crm.contacts"


def _fake(name: str, path: str, parents: list[str]) -> dict[str, Any]:
    return {"name": name, "original_file_path": path, "depends_on": {"nodes": parents}}


def test_the_rules_catch_what_they_forbid(monkeypatch: pytest.MonkeyPatch) -> None:
    nodes = {f"model.firstparty.{name}": {"name": name} for name in ("stg_a__b", "dim_x", ERASURE_LEDGER)}
    monkeypatch.setattr("test_project_evaluator_rules.manifest", lambda: {"nodes": nodes})
    bad = [
        _fake("stg_crm_contacts", "models/staging/crm/stg_crm_contacts.sql", []),
        _fake("int_identity_links", "models/identity/int_identity_links.sql", []),
        _fake("stg_c__d", "models/staging/c/stg_c__d.sql", ["model.firstparty.stg_a__b"]),
        _fake("base_c__e", "models/staging/c/base/base_c__e.sql", ["model.firstparty.dim_x"]),
        _fake(
            "dim_y", "models/marts/dim_y.sql", ["source.firstparty.crm.contacts", "model.firstparty.dim_x"]
        ),
        _fake("orphan", "models/marts/orphan.sql", []),
    ]
    assert len(naming_violations(bad)) == 2
    assert len(staging_dependency_violations(bad)) == 2
    assert source_join_violations(bad) == ["dim_y joins a source with dim_x"]
    assert len(root_model_violations(bad)) == 3  # the two misnamed models read nothing either
