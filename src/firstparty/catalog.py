"""dbt-duckdb plugin: make the attached build database the default catalog of every cursor dbt opens.

DuckDB names a database file's catalog after the file (`target/test.duckdb` is `test`), and dbt writes
that name into every source's relation, so a manifest built with one file marked every source (and,
with `+`, everything downstream) `state:modified` against a manifest built with another: slim CI
(`dbt build --select state:modified+ --state <prod manifest>`) selected the whole project. profiles.yml
therefore opens an in-memory database and attaches the build file under the fixed name `firstparty`
(`database: firstparty`), whatever the file is called. Relations dbt renders are fully qualified; this
plugin runs `use firstparty` on every cursor so that SQL written without a catalog (the raw-file views of
var raw_path, hooks) also lands in the build file, not in the in-memory database.

dbt run in-process (`dbtRunner`, as the pytest helpers do) leaves dbt-duckdb's connection open after the
invocation; with the build file attached to it, another connection to that file in the same process
fails ("Unique file handle conflict"). `close_connections()` closes every connection this plugin saw,
which detaches the file: call it after an in-process invocation (tests_py/dbt_helpers.run_dbt does).
"""

from __future__ import annotations

from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb import DuckDBPyConnection

CATALOG = "firstparty"
_CONNECTIONS: list[DuckDBPyConnection] = []


def close_connections() -> None:
    """Close every connection dbt-duckdb opened in this process with this plugin (detaching the file).
    dbt-duckdb's environment, which the next invocation with the same profile reuses, reconnects."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    environment = DuckDBConnectionManager._ENV
    if environment is not None:
        environment.close()
    while _CONNECTIONS:
        _CONNECTIONS.pop().close()


class Plugin(BasePlugin):
    def initialize(self, plugin_config: dict[str, Any]) -> None:
        self._catalog = plugin_config.get("catalog", CATALOG)

    def configure_connection(self, conn: DuckDBPyConnection) -> None:
        _CONNECTIONS.append(conn)

    def configure_cursor(self, cursor: DuckDBPyConnection) -> None:
        cursor.execute(f'use "{self._catalog}"')
