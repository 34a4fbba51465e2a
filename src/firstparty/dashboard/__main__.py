"""Start the dashboard: `python -m firstparty.dashboard [--db PATH] [--port N] [--address HOST]`.

Runs `streamlit run app.py` headless on a local port, usage statistics off (the project sends nothing),
and passes `--db` to the app (default: env FIRSTPARTY_DASHBOARD_DB, else the project's built file).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from firstparty.dashboard import queries

APP = Path(__file__).resolve().with_name("app.py")


def streamlit_argv(db: Path, port: int, address: str) -> list[str]:
    return [
        "streamlit",
        "run",
        str(APP),
        "--server.headless=true",
        f"--server.port={port}",
        f"--server.address={address}",
        "--browser.gatherUsageStats=false",
        "--global.developmentMode=false",
        "--client.toolbarMode=viewer",
        "--server.fileWatcherType=none",
        "--",
        "--db",
        str(db),
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m firstparty.dashboard", description=__doc__)
    parser.add_argument("--db", type=Path, default=None, help=f"DuckDB file to read (env {queries.DB_ENV})")
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument(
        "--address", default="127.0.0.1", help="interface to listen on (default: this machine only)"
    )
    args = parser.parse_args(argv)
    db = (args.db or queries.default_db_path()).resolve()
    print(f"firstparty dashboard: reading {db}, on http://{args.address}:{args.port}", flush=True)

    from streamlit.web import cli

    sys.argv = streamlit_argv(db, args.port, args.address)
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
