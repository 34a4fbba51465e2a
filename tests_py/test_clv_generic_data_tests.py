"""The generic data tests in macros/tests/ pass on good rows and fail on bad ones, with the right count.

A throwaway dbt project links macros/tests/ (the files themselves, not copies), loads a small seed
with a few deliberately bad rows and attaches each test twice or more: once where it must pass and
once where it must fail on a known number of rows. run_results.json says what each test returned.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from dbt_helpers import REPO_ROOT, run_dbt

SEED = """\
group_id,step,amount,label
a,1,1,x
a,2,2,y
a,3,2,
b,1,5,x
b,2,4,y
"""

# name -> (test yaml, failures expected); the test yaml is a list item under the seed's data_tests.
CASES = {
    "range_holds": ("accepted_range: {column_name: amount, min_value: 1, max_value: 5}", 0),
    "range_above_max": ("accepted_range: {column_name: amount, max_value: 4}", 1),
    "range_at_exclusive_min": ("accepted_range: {column_name: amount, min_value: 1, inclusive: false}", 1),
    "range_min_only": ("accepted_range: {column_name: amount, min_value: 0}", 0),
    "expression_holds": ('expression_is_true: {expression: "amount > 0"}', 0),
    "expression_fails": ('expression_is_true: {expression: "amount < 5"}', 1),
    "expression_null_passes": ("expression_is_true: {expression: \"label in ('x', 'y')\"}", 0),
    "combination_unique": ("unique_combination_of_columns: {combination_of_columns: [group_id, step]}", 0),
    "combination_repeated": (
        "unique_combination_of_columns: {combination_of_columns: [group_id, amount]}",
        1,
    ),
    "non_decreasing_fails_in_a_partition": (
        "is_non_decreasing: {column_name: amount, order_by: step, partition_by: [group_id]}",
        1,
    ),
    "non_decreasing_within_tolerance": (
        "is_non_decreasing: {column_name: amount, order_by: step, partition_by: [group_id], tolerance: 1}",
        0,
    ),
    "non_decreasing_holds_in_one_partition": (
        "is_non_decreasing: {column_name: step, order_by: step, partition_by: [group_id]}",
        0,
    ),
    "non_decreasing_without_partition": (
        "is_non_decreasing: {column_name: amount, order_by: 'group_id, step'}",
        1,
    ),
    "one_row_fails_on_five_rows": ("exactly_one_row: {}", 1),
    # dbt's own unique test, which macros/tests/duckdb__test_unique.sql replaces on DuckDB: nulls are not
    # values (label's one null passes), each repeated value is one failure.
    "unique_holds": ("unique: {column_name: step, config: {where: \"group_id = 'a'\"}}", 0),
    "unique_repeated_values": ("unique: {column_name: label}", 2),
}

# The same for a one-row seed, where exactly_one_row passes.
ONE_ROW_CASES = {
    "one_row_holds": ("exactly_one_row: {}", 0),
}


def _test_entry(name: str, spec: str) -> str:
    """`test_name: {args}` as a named data test with its arguments under `arguments:`."""
    test_name, arguments = spec.split(": ", 1)
    return f"      - {test_name}:\n          name: {name}\n          arguments: {arguments}\n"


@pytest.fixture(scope="module")
def test_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    root = tmp_path_factory.mktemp("generic_tests")
    project = root / "project"
    (project / "seeds").mkdir(parents=True)
    (project / "macros").symlink_to(REPO_ROOT / "macros" / "tests", target_is_directory=True)
    (project / "dbt_project.yml").write_text(
        textwrap.dedent(
            """\
            name: generic_tests_check
            version: "1.0"
            config-version: 2
            profile: firstparty
            macro-paths: ["macros"]
            seed-paths: ["seeds"]
            flags:
              send_anonymous_usage_stats: false
              require_generic_test_arguments_property: true
            """
        )
    )
    (project / "seeds" / "numbers.csv").write_text(SEED)
    entries = "".join(_test_entry(name, spec) for name, (spec, _) in CASES.items())
    (project / "seeds" / "one_row.csv").write_text("setting\n1\n")
    one_row_entries = "".join(_test_entry(name, spec) for name, (spec, _) in ONE_ROW_CASES.items())
    (project / "seeds" / "_seeds.yml").write_text(
        "version: 2\nseeds:\n  - name: numbers\n    data_tests:\n"
        + entries
        + "  - name: one_row\n    data_tests:\n"
        + one_row_entries
    )
    run = run_dbt(["build"], db_path=root / "checks.duckdb", work_dir=root, project_dir=project)
    assert run.exception is None, run.output()
    results = json.loads(Path(root / "target" / "run_results.json").read_text())["results"]
    return {
        result["unique_id"].split(".")[2]: result
        for result in results
        if result["unique_id"].startswith("test.")
    }


@pytest.mark.parametrize("name", {**CASES, **ONE_ROW_CASES})
def test_generic_test_returns_the_bad_rows(test_results: dict[str, dict], name: str) -> None:
    _, failures = {**CASES, **ONE_ROW_CASES}[name]
    result = test_results[name]
    assert result["failures"] == failures, (name, result["status"], result["message"])
    assert result["status"] == ("pass" if failures == 0 else "fail")
