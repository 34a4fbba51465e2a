"""The mutation harness's own logic (src/firstparty/mutations.py), without running dbt.

The registry check runs in CI: a governance rule moved or reworded without updating
mutations/governance.yml fails here, not silently in the next `make mutations`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import yaml
from project import REPO_ROOT

from firstparty import mutations as m

RULES = m.load_registry(REPO_ROOT / m.REGISTRY)


def _result(result: str) -> m.CommandResult:
    return m.CommandResult("dbt test --select x", 0 if result == m.PASSED else 1, 0.0, Path("x.log"), result)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_edit_of_the_registry_applies_to_the_current_tree(rule: m.Rule) -> None:
    assert not m.edit_problems(REPO_ROOT, rule.edits)


def test_the_registry_covers_every_point_of_issue_4_with_a_named_check() -> None:
    points = {rule.issue_point.split(".")[0] for rule in RULES}
    assert points >= {"2", "3", "4", "5", "6", "7", "8"}, sorted(points)
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    for rule in RULES:
        for command in rule.must_fail:
            assert command.split()[0] in {"dbt", "pytest"}
            if command.startswith("pytest"):
                for node in command.split()[1:]:
                    path, _, name = node.partition("::")
                    assert name and name in (REPO_ROOT / path).read_text(), f"{rule.id}: no test {node}"


def test_a_rule_without_must_fail_or_with_an_unknown_command_is_refused() -> None:
    entry = {
        "id": "r",
        "rule": "a rule",
        "issue_point": "2. x",
        "edits": [{"file": "f", "find": "a", "replace": "b"}],
        "must_fail": ["dbt test --select t"],
    }
    assert m.parse_registry({"rules": [entry]})[0].must_fail == ("dbt test --select t",)
    broken = [
        {**entry, "must_fail": []},
        {**entry, "must_fail": ["make test"]},
        {**entry, "edits": [{"file": "f", "find": "a", "replace": "a"}]},
        {**entry, "edits": [{"file": "f", "find": "", "replace": "b"}]},
        {key: value for key, value in entry.items() if key != "rule"},
    ]
    for bad in broken:
        with pytest.raises(m.RegistryError):
            m.parse_registry({"rules": [bad]})
    with pytest.raises(m.RegistryError, match="duplicate"):
        m.parse_registry({"rules": [entry, entry]})


def test_the_registry_file_parses_as_yaml_with_rules() -> None:
    data = yaml.safe_load((REPO_ROOT / m.REGISTRY).read_text())
    assert len(data["rules"]) == len(RULES) >= 25


def test_an_edit_replaces_its_unique_find_text_and_nothing_else(tmp_path: Path) -> None:
    (tmp_path / "model.sql").write_text("select a\nwhere status = 'granted'\nand b\n")
    m.apply_edits(
        tmp_path,
        [m.Edit("model.sql", "\nwhere status = 'granted'", ""), m.Edit("model.sql", "and b", "and c")],
    )
    assert (tmp_path / "model.sql").read_text() == "select a\nand c\n"


def test_an_edit_whose_find_text_is_missing_or_repeated_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "model.sql").write_text("a = 1\na = 1\n")
    with pytest.raises(m.EditNotFoundError, match="occurs 2 times"):
        m.apply_edits(tmp_path, [m.Edit("model.sql", "a = 1", "a = 2")])
    with pytest.raises(m.EditNotFoundError, match="occurs 0 times"):
        m.apply_edits(tmp_path, [m.Edit("model.sql", "b = 1", "b = 2")])
    with pytest.raises(m.EditNotFoundError, match="no such file"):
        m.apply_edits(tmp_path, [m.Edit("missing.sql", "a", "b")])
    assert (tmp_path / "model.sql").read_text() == "a = 1\na = 1\n"


P, F, E = m.PASSED, m.FAILED, m.ERRORED


def _outcome(checks: str, setup: str = "") -> m.Outcome:
    """An outcome from one letter per command: P passed, F failed, E errored."""
    results = {"P": P, "F": F, "E": E}
    return m.Outcome(
        setup=[_result(results[letter]) for letter in setup],
        checks=[_result(results[letter]) for letter in checks],
    )


@pytest.mark.parametrize(
    ("baseline", "mutant", "expected"),
    [
        (_outcome("P"), _outcome("F"), m.CAUGHT),
        (_outcome("PP", "P"), _outcome("FF", "P"), m.CAUGHT),
        (_outcome("P"), _outcome("P"), m.NOT_CAUGHT),
        (_outcome("PP"), _outcome("FP"), m.NOT_CAUGHT),
        (_outcome("P"), _outcome(""), m.NOT_CAUGHT),
        (_outcome("F"), _outcome("F"), m.BASELINE_FAILED),
        (_outcome("E"), _outcome("F"), m.BASELINE_FAILED),
        (_outcome("P", "F"), _outcome("F", "P"), m.BASELINE_FAILED),
        (_outcome("P", "P"), _outcome("F", "E"), m.SETUP_FAILED),
        (_outcome("P"), _outcome("E"), m.CHECK_ERRORED),
        (_outcome("PP"), _outcome("FE"), m.CHECK_ERRORED),
        (_outcome("P"), m.Outcome(edit_error="find text occurs 0 times"), m.EDIT_NOT_FOUND),
    ],
    ids=[
        "check fails",
        "every check fails",
        "check passes",
        "one check passes",
        "no check ran",
        "baseline check fails",
        "baseline check errors",
        "baseline setup fails",
        "mutant setup fails",
        "check errors instead of failing",
        "one check errors",
        "edit not found",
    ],
)
def test_the_verdict(baseline: m.Outcome, mutant: m.Outcome, expected: str) -> None:
    assert m.verdict(baseline, mutant) == expected


def test_a_dbt_command_fails_only_on_failed_tests_it_ran(tmp_path: Path) -> None:
    run_results = tmp_path / "run_results.json"
    assert m.dbt_result(0, run_results, 0.0) == P
    assert m.dbt_result(1, run_results, 0.0) == E, "no run_results: the command never ran a test"
    for statuses, expected in [(["pass", "fail"], F), (["fail", "error"], E), (["error"], E), (["pass"], E)]:
        run_results.write_text(json.dumps({"results": [{"status": s} for s in statuses]}))
        assert m.dbt_result(1, run_results, 0.0) == expected, statuses
    assert m.dbt_result(1, run_results, time.time() + 60) == E, "run_results of an earlier command"


def test_a_pytest_command_fails_only_on_failed_tests_without_errors(tmp_path: Path) -> None:
    report = tmp_path / "report.xml"
    assert m.pytest_result(0, report) == P
    assert m.pytest_result(1, report) == E
    for failures, errors, expected in [(1, 0, F), (1, 1, E), (0, 1, E)]:
        report.write_text(
            f'<testsuites><testsuite name="pytest" failures="{failures}" errors="{errors}"/></testsuites>'
        )
        assert m.pytest_result(1, report) == expected, (failures, errors)
    assert m.pytest_result(4, report) == E, "usage error, e.g. no such test"


def test_commands_run_dbt_on_the_test_target_and_pytest_with_this_python() -> None:
    dbt = m.command_argv("dbt test --select consent_a_withdrawal_ends_a_grant")
    assert Path(dbt[0]).name == "dbt" and dbt[-2:] == ["--target", "test"]
    assert m.command_argv("dbt parse --target dev")[-2:] == ["--target", "dev"]
    pytest_argv = m.command_argv("pytest tests_py/test_x.py::test_y")
    assert pytest_argv[1:3] == ["-m", "pytest"] and pytest_argv[-1] == "tests_py/test_x.py::test_y"
    with pytest.raises(m.RegistryError):
        m.command_argv("rm -rf target")


def test_only_selects_named_rules_and_refuses_unknown_ones() -> None:
    assert [rule.id for rule in m.select_rules(RULES, RULES[1].id)] == [RULES[1].id]
    assert m.select_rules(RULES, None) == RULES
    with pytest.raises(m.RegistryError, match="unknown"):
        m.select_rules(RULES, "no_such_rule")


def test_the_copy_holds_the_tracked_files_only() -> None:
    if not (REPO_ROOT / ".git").exists():
        pytest.skip("not a git checkout: the harness copies git-tracked files")
    tracked = m.tracked_files(REPO_ROOT)
    assert "mutations/governance.yml" in tracked and "dbt_project.yml" in tracked
    assert not any(name.startswith((".venv/", "target/")) or name.endswith(".duckdb") for name in tracked)
