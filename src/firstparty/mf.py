"""`python -m firstparty.mf ...`: the MetricFlow CLI (`mf`) of the pinned dbt-metricflow, no update check.

`mf` asks PyPI on every call (cached for an hour) whether a newer dbt-metricflow exists. firstparty sends
nothing anywhere, so this entry point swaps that check for one that never connects and never finds an update;
everything else is `mf` itself: the same commands, options and output (docs/metrics.md).

`run_commands` runs several mf commands in one process, so Python, dbt and MetricFlow are imported once
(tests_py/test_metrics.py: a query then takes under a second instead of several).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


class NoUpdateCheck:
    """Stands in for update_checker.UpdateChecker in the mf CLI: never connects, never reports an update."""

    def __init__(self, **_options: object) -> None:
        pass

    def check(self, package_name: str, package_version: str) -> None:
        return None


def _mf_cli():  # noqa: ANN202 - a click group; dbt-metricflow is a dev dependency, imported only when used
    from dbt_metricflow.cli import main as mf_main

    mf_main.UpdateChecker = NoUpdateCheck
    return mf_main.cli


def run_commands(commands: Sequence[Sequence[str]]) -> list[int]:
    """Run each mf command (its arguments, without `mf`) in turn in this process; their exit statuses."""
    import click

    cli = _mf_cli()
    statuses = []
    for arguments in commands:
        try:
            cli.main(args=list(arguments), prog_name="mf", standalone_mode=False)
            statuses.append(0)
        except click.ClickException as error:
            error.show()
            statuses.append(error.exit_code)
        except SystemExit as stop:
            code = stop.code
            statuses.append(code if isinstance(code, int) else (0 if code is None else 1))
    return statuses


def main(argv: Sequence[str] | None = None) -> None:
    """Run one mf command, `argv` or the command line, and exit with its status."""
    _mf_cli().main(args=list(argv) if argv is not None else sys.argv[1:], prog_name="mf")


if __name__ == "__main__":
    main()
