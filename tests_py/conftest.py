"""Test order only: the longest test files first, each file's own order unchanged.

`make test` runs pytest in two processes, one test file at a time each (`-n 2 --dist loadfile`, pytest-xdist).
Handed out longest first, a file that builds for minutes does not start last on one process while the other
has nothing left to run. First the files below (the longest, by CPU seconds measured one file at a time),
then every other file with a `slow` test, then the rest. Without xdist the order changes nothing: no test
depends on another file's. A file missing from the list, or listed but gone, only changes the order.
"""

from __future__ import annotations

import pytest

LONGEST_FIRST = [
    # worker-seconds in `make test` of 2026-12-04 (load average 7 to 13, so about 3 times a quiet machine's)
    "test_bad_exports_governance.py",  # seven runs, three of them dbt processes, 323 s
    "test_identity_stability.py",  # five builds of the identity models, 290 s
    "test_governance_erasure.py",  # one whole build without unit tests, a failing run, the scans, 288 s
    "test_incremental_day2.py",  # three builds without tests, 275 s
    "test_raw_exports.py",  # two whole builds without unit tests, one parse, 228 s
    "test_bad_exports_files.py",  # ten runs on bad export files, one parse, 135 s
    "test_add_a_channel.py",  # a partial build and 9 unit tests in a copy of the project, 112 s
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}

    def rank(item: pytest.Item) -> tuple[int, int]:
        if item.path.name in LONGEST_FIRST:
            return (0, LONGEST_FIRST.index(item.path.name))
        return (1 if item.path in slow_files else 2, 0)

    items.sort(key=rank)  # stable: keeps the order within each file and each group
