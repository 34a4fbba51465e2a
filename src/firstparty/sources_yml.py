"""Render the dbt sources yml of every channel from the export contract (`firstparty.exports`).

`python -m firstparty.sources_yml` rewrites `models/staging/<source>/_<source>__sources.yml`; a pytest
fails when the committed files differ from what this renders, so the contract lives in one place.
Every source column is declared `varchar` with its privacy class: staging reads text and casts, and
dbt unit tests take the column types from here instead of querying the landing tables.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from firstparty.exports import EXPORTS, Export

CHANNELS = {
    "crm": "The CRM's contact export",
    "shop": "The e-commerce platform's exports: accounts, orders, order lines and refunds",
    "esp": "The email service provider's exports: subscribers and email events",
    "web": "The web and app analytics export: first-party cookie and device ids, logins, GPC signals",
    "ads": "The advertising platforms' click and conversion exports",
    "service": "The customer service desk's ticket export",
    "pos": "The in-store point-of-sale and loyalty programme exports",
    "consent": "The consent management platform's decision log",
    "privacy": "The privacy request portal's export of data subject requests",
}


# `dbt source freshness` (docs/operations.md "Source freshness"): per export, the column that tells how
# recent it is (a load time where the export has one, else an event time) and warn/error ages in hours,
# measured at as_of (macro default__collect_freshness). Daily exports of steady event streams warn a day
# and a half late and fail after three days; exports that may go a few days without a new row (sign-ups,
# enrolments, refunds) warn after a week and fail after two; privacy requests can go weeks without one
# (the demo: 35 in three years), so they only warn after 45 days. Order lines carry no time: no freshness.
FRESHNESS: dict[str, tuple[str, int, int | None]] = {
    "crm_contacts": ("updated_at", 36, 72),
    "shop_customers": ("created_at", 168, 336),
    "shop_orders": ("ordered_at", 36, 72),
    "shop_refunds": ("refunded_at", 168, 336),
    "esp_subscribers": ("subscribed_at", 168, 336),
    "esp_events": ("occurred_at", 36, 72),
    "web_events": ("occurred_at", 36, 72),
    "ads_clicks": ("clicked_at", 36, 72),
    "ads_conversions": ("converted_at", 36, 72),
    "service_tickets": ("opened_at", 36, 72),
    "pos_loyalty_members": ("enrolled_at", 168, 336),
    "pos_transactions": ("transacted_at", 36, 72),
    "consent_events": ("recorded_at", 36, 72),
    "privacy_requests": ("received_at", 1080, None),
}


def _freshness(identifier: str) -> list[str]:
    if identifier not in FRESHNESS:
        return []
    column, warn_hours, error_hours = FRESHNESS[identifier]
    lines = [
        "        config:",
        f"          loaded_at_field: {column}",
        "          freshness:",
        f"            warn_after: {{count: {warn_hours}, period: hour}}",
    ]
    if error_hours is not None:
        lines.append(f"            error_after: {{count: {error_hours}, period: hour}}")
    return lines


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(source: str, exports: list[Export]) -> str:
    lines = [
        "# Rendered from src/firstparty/exports.py by `python -m firstparty.sources_yml`:"
        " edit the contract, not this.",
        "version: 2",
        "",
        "sources:",
        f"  - name: {source}",
        "    description: >",
        f"      {CHANNELS[source]}. Demo data: the seeds in schema `raw`; with var `raw_path`, the",
        f"      files `<raw_path>/{source}_<table>.csv|parquet` read in place (see README).",
        "    schema: raw",
        "    tables:",
    ]
    for export in exports:
        lines += [
            f"      - name: {export.table}",
            f"        identifier: {export.identifier}",
            f"        description: {_quote(export.description + ' Every column is text, as exported.')}",
            *_freshness(export.identifier),
            "        columns:",
        ]
        for column in export.columns:
            lines += [
                f"          - name: {column.name}",
                f"            description: {_quote(column.description)}",
                "            data_type: varchar",
                f"            meta: {{pii: {column.pii}}}",
            ]
    return "\n".join(lines) + "\n"


def rendered_files(project_dir: Path) -> dict[Path, str]:
    by_source: dict[str, list[Export]] = {}
    for export in EXPORTS:
        by_source.setdefault(export.source, []).append(export)
    return {
        project_dir / "models" / "staging" / source / f"_{source}__sources.yml": render(source, exports)
        for source, exports in by_source.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project-dir", type=Path, default=Path.cwd())
    args = parser.parse_args()
    for path, text in rendered_files(args.project_dir).items():
        path.write_text(text)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
