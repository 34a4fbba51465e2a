"""The test helper's parse cache is sound: the vars it leaves out of its key do not change what dbt parses.

`dbt_helpers.run_dbt` parses the project once per test process for each set of parse-relevant inputs and
hands the parsed manifest to later runs, which then render SQL with their own vars. That is only right if
the parse depends on `RUN_TIME_VARS` through whether they are set, never through their values: two parses
with other values must give the same manifest, node for node.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from dbt_helpers import RUN_TIME_VARS, _parse_key, run_dbt
from project import REPO_ROOT

# Two sets of values for the run-time vars, both set (as_of in both formats the project accepts)
VALUES = (
    {"raw_path": "/exports/monday", "as_of": "2026-07-01 00:00:00"},
    {"raw_path": "/elsewhere/tuesday", "as_of": "2025-01-02"},
)


def _parsed(tmp_path: Path, variables: dict[str, str]) -> dict:
    """The manifest of one `dbt parse` of the project with these vars, without what records the parse
    itself (when it ran, its invocation)."""
    work = tmp_path / variables["as_of"].replace(" ", "_").replace(":", "")
    vars_text = "{" + ", ".join(f"{name}: '{value}'" for name, value in variables.items()) + "}"
    # `parse` is never handed a cached manifest: run_dbt runs it as given
    run = run_dbt(
        ["parse", "--vars", vars_text, "--no-partial-parse"], db_path=work / "parse.duckdb", work_dir=work
    )
    assert run.success, run.exception
    manifest = run.result.writable_manifest().to_dict()
    manifest.pop("metadata")
    return _without_parse_times(manifest)


def _without_parse_times(value: object) -> object:
    """The value without `created_at`, when dbt parsed each node, at any depth."""
    if isinstance(value, dict):
        return {key: _without_parse_times(item) for key, item in value.items() if key != "created_at"}
    if isinstance(value, list):
        return [_without_parse_times(item) for item in value]
    return value


def _differences(first: dict, second: dict) -> list[str]:
    """Every top-level section and node that differs between two manifests, by name."""
    found = []
    for section in sorted(set(first) | set(second)):
        left, right = first.get(section), second.get(section)
        if isinstance(left, dict) and isinstance(right, dict):
            found += [
                f"{section}: {name}"
                for name in sorted(set(left) | set(right))
                if left.get(name) != right.get(name)
            ]
        elif left != right:
            found.append(section)
    return found


@pytest.mark.slow
def test_the_parse_does_not_depend_on_the_values_of_run_time_vars(tmp_path: Path) -> None:
    assert set(VALUES[0]) == set(RUN_TIME_VARS) == set(VALUES[1])
    first, second = (_parsed(tmp_path, values) for values in VALUES)
    assert _differences(first, second) == []
    # the comparison sees a changed node: a test's severity, which raw_path being set does change
    changed = copy.deepcopy(second)
    test_id = next(name for name, node in changed["nodes"].items() if node["resource_type"] == "test")
    changed["nodes"][test_id]["config"]["severity"] = "made-up"
    assert _differences(first, changed) == [f"nodes: {test_id}"]


def test_the_key_keeps_whether_a_run_time_var_is_set_and_every_other_var() -> None:
    def key(vars_text: str) -> tuple | None:
        return _parse_key(["build", "--vars", vars_text], REPO_ROOT, REPO_ROOT)

    assert key("{raw_path: /a, as_of: '2026-07-01'}") == key("{raw_path: /b, as_of: '2025-01-02'}")
    assert key("{raw_path: /a}") != key("{as_of: '2025-01-02'}")
    assert key("{raw_path: /a}") != key("{raw_path: /a, closure_max_rounds: 3}")
    assert key("{raw_path: /a}") != _parse_key(
        ["build", "--target", "dev", "--vars", "{raw_path: /a}"], REPO_ROOT, REPO_ROOT
    )
    assert _parse_key(["parse", "--vars", "{raw_path: /a}"], REPO_ROOT, REPO_ROOT) is None


def test_a_changed_project_file_changes_the_key(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "models").mkdir(parents=True)
    (project / "dbt_project.yml").write_text("name: p\nmodel-paths: [models]\n")
    model = project / "models" / "m.sql"
    model.write_text("select 1 as x\n")
    before = _parse_key(["build"], project, project)
    model.write_text("select 2 as x, 3 as y\n")
    assert _parse_key(["build"], project, project) != before
