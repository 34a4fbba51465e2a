"""Test order only: the files with slow tests (those that run dbt) first, each file's own order unchanged.

`make test` runs pytest in two processes, one test file at a time each (`-n 2 --dist loadfile`, pytest-xdist).
Handed out longest first, the files that build for a minute or more do not start last on one process while
the other has nothing left to run. Without xdist the order changes nothing: no test depends on another
file's.
"""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_files)  # stable: keeps the order within each group
