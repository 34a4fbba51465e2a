"""Import CTEs read more than once stay inlined (issue 10, docs/scale.md "Import CTEs").

DuckDB 2 (and Postgres 12+) materialize a CTE that a query reads twice or more. For an import CTE,
`name as (select * from {{ ref(...) }})`, that is a copy of every column of a stored relation, held in
memory and spilled when it does not fit: at 300k persons `int_identity__identifiers` spilled 8.8 GB
this way. Each such CTE is written `name as {{ firstparty.not_materialized() }} (`, so every reader
scans the stored table for the columns it needs. The same holds for singular tests and analyses (at 300k
`assert_no_link_crosses_two_clusters` took 5.4-7.0 s with its copies, 4.0-4.6 s without). Cheap: reads
SQL files only.
"""

from __future__ import annotations

import re
from pathlib import Path

from dbt_helpers import REPO_ROOT

IMPORT_CTE = re.compile(
    r"^(?P<name>\w+) as (?P<keyword>\{\{ firstparty\.not_materialized\(\) \}\} )?\(\n\s+"
    r"select \* from \{\{ (ref|source)\(",
    re.MULTILINE,
)


def unmarked_import_ctes_read_twice(text: str) -> list[str]:
    """Names of the import CTEs read (from or join) two or more times and not marked not_materialized."""
    found = []
    for match in IMPORT_CTE.finditer(text):
        reads = re.findall(rf"\b(?:from|join)\s+{match['name']}\b", text[match.end() :])
        if len(reads) >= 2 and not match["keyword"]:
            found.append(match["name"])
    return found


def model_files() -> list[Path]:
    """Models, singular tests and analyses: every SQL file dbt runs."""
    folders = ("models", "tests", "analyses")
    return sorted(path for folder in folders for path in (REPO_ROOT / folder).rglob("*.sql"))


def test_every_import_cte_read_twice_is_marked_not_materialized():
    found = {
        str(path.relative_to(REPO_ROOT)): names
        for path in model_files()
        if (names := unmarked_import_ctes_read_twice(path.read_text()))
    }
    assert found == {}


def test_the_rule_finds_an_unmarked_import_cte_read_twice_and_passes_a_marked_one():
    body = (
        "\n),\n\npairs as (\n    select a.x from {name} as a\n    inner join {name} as b on a.x = b.x\n)\n"
        "\nselect * from pairs\n"
    )
    unmarked = "with\n\nrecords as (\n    select * from {{ ref('int_identity__records') }}" + body.format(
        name="records"
    )
    marked = unmarked.replace("records as (", "records as {{ firstparty.not_materialized() }} (")
    read_once = "with\n\nrecords as (\n    select * from {{ ref('r') }}\n)\n\nselect * from records\n"
    assert unmarked_import_ctes_read_twice(unmarked) == ["records"]
    assert unmarked_import_ctes_read_twice(marked) == []
    assert unmarked_import_ctes_read_twice(read_once) == []


def test_the_project_has_import_ctes_to_check():
    # Guards the pattern itself: if the house style's import CTEs stopped matching, the rule would pass
    # on nothing.
    assert sum(len(IMPORT_CTE.findall(path.read_text())) for path in model_files()) > 100
