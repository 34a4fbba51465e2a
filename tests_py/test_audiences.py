"""Every audience is built by the `audience` macro and declares its purpose (read from target/manifest.json).

The macro applies consent, suppression and erasure, so an audience model that selects its members any
other way could bypass consent; one without a declared purpose could not be checked against consent.
"""

from __future__ import annotations

import csv
import re
from typing import Any

import pytest
from project import REPO_ROOT, project_nodes

AUDIENCES_FOLDER = "models/marts/audiences/"
AUDIENCE_MACRO = "macro.firstparty.audience"
CALL = re.compile(r"firstparty\.audience\(\s*'(?P<audience_id>[a-z_]+)'\s*,\s*'(?P<purpose>[a-z_]+)'\s*,")


def _purposes() -> set[str]:
    with (REPO_ROOT / "seeds" / "governance" / "privacy_purposes.csv").open() as file:
        return {row["purpose"] for row in csv.DictReader(file)}


def _audience_models() -> list[dict[str, Any]]:
    return [
        node
        for node in project_nodes("model")
        if node["original_file_path"].replace("\\", "/").startswith(AUDIENCES_FOLDER)
    ]


def check_audience_model(node: dict[str, Any], purposes: set[str]) -> None:
    """Fail unless the model calls the audience macro with a purpose it declares in config.meta.purpose."""
    name = node["name"]
    assert AUDIENCE_MACRO in node["depends_on"]["macros"], (
        f"{name} is under {AUDIENCES_FOLDER} but is not built by the audience macro"
    )
    calls = CALL.findall(node["raw_code"])
    assert len(calls) == 1, f"{name} must call firstparty.audience('<id>', '<purpose>', ...) exactly once"
    declared = node["config"].get("meta", {}).get("purpose")
    assert declared, f"{name} declares no purpose (config.meta.purpose in its yml)"
    assert declared in purposes, f"{name} declares purpose {declared!r}, not one of {sorted(purposes)}"
    built_for = calls[0][1]
    assert built_for == declared, f"{name} declares {declared!r} but builds the audience for {built_for!r}"


def test_the_audiences_folder_holds_audiences() -> None:
    assert len(_audience_models()) >= 4, f"expected at least four audience models under {AUDIENCES_FOLDER}"


@pytest.mark.parametrize("node", _audience_models(), ids=lambda node: node["name"])
def test_every_audience_uses_the_macro_and_declares_its_purpose(node: dict[str, Any]) -> None:
    check_audience_model(node, _purposes())


def test_the_check_catches_an_audience_that_bypasses_the_macro() -> None:
    node = _audience_models()[0]
    bypass = {
        **node,
        "raw_code": "select customer_id from {{ ref('dim_customers') }}",
        "depends_on": {**node["depends_on"], "macros": []},
    }
    with pytest.raises(AssertionError, match="not built by the audience macro"):
        check_audience_model(bypass, _purposes())


def test_the_check_catches_an_audience_without_a_declared_purpose() -> None:
    node = _audience_models()[0]
    undeclared = {**node, "config": {**node["config"], "meta": {}}}
    with pytest.raises(AssertionError, match="declares no purpose"):
        check_audience_model(undeclared, _purposes())
