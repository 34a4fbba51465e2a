"""Render the dbt sources yml of every channel, and the export registry macro, from the export contract.

`python -m firstparty.sources_yml` rewrites `models/staging/<source>/_<source>__sources.yml` and
`macros/staging/export_registry.sql`; a pytest fails when the committed files differ from what this
renders, so the contract lives in one place (`firstparty.exports`). Every source column is declared
`text` (DuckDB and Postgres) with its privacy class: staging reads text and casts, and dbt unit tests
take the column types from here instead of querying the landing tables.

The registry is a macro, not yml meta read through `graph`: dbt renders each model once while it parses
the project, with an empty `graph`, and records the refs it sees then; a union looped over `graph` would
lose its refs (and unit tests get no `graph` at all). A macro returning a literal is there at parse time,
so the models that loop over the exports depend on every export's stg_ model.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from firstparty.exports import EXPORTS, PERSON_ATTRIBUTES, RECORD_KINDS, Export

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
        "# " + RENDERED_NOTE,
        "version: 2",
        "",
        "sources:",
        f"  - name: {source}",
        "    description: >",
        f"      {CHANNELS.get(source, f'The {source} exports')}. Demo data: the seeds in schema `raw`;"
        " with var `raw_path`, the",
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
                "            data_type: text",
                f"            meta: {{pii: {column.pii}}}",
            ]
    return "\n".join(lines) + "\n"


RENDERED_NOTE = (
    "Rendered from src/firstparty/exports.py by `python -m firstparty.sources_yml`:"
    " edit the contract, not this."
)

REGISTRY_DOC = """
    Every raw export, in contract order, with what it is for staging, identity, erasure, retention
    and reconciliation. Keys: name (<source>_<table>), source, table, entity (the models are
    base_<source>__<entity> and stg_<source>__<entity>: base_model, stg_model), key (the record's
    key in the base_/stg_ models) and raw_key (in the export), record_kind (identity: profile,
    contact, transaction, event), seen_at (identity: the staged timestamps dating a record, first
    non-null) or parent (the export, shared key and timestamp dating a record without one of its
    own), retention (class, and the column or parent that ages a row), identifiers (type: SQL giving
    the identifier type; column: base_/stg_ column; parse and raw: how export_column reads it from
    the export; links: identity links records on it; identity_type: the type identity records),
    attributes (non-identifier columns the erasure closure or retention read from the export),
    person_attributes (what probabilistic matching compares), contact_points (the emails and phones
    consent_state reports).
"""


def _sql_type(type_: str, type_column: str) -> str:
    """The identifier type as the SQL the macros write: a quoted literal, or the column that holds it."""
    return type_column or f"'{type_}'"


def registry_entry(export: Export, exports: tuple[Export, ...] = EXPORTS) -> dict[str, object]:
    """One export's registry entry as the macros read it (see macros/staging/export_registry.sql)."""
    names = {e.identifier for e in exports}
    columns = set(export.column_names)
    problems = []
    if export.record_kind not in RECORD_KINDS:
        problems.append(f"record_kind {export.record_kind!r} is not one of {RECORD_KINDS}")
    if bool(export.timestamp) == (export.parent is not None):
        problems.append("needs exactly one of timestamp and parent")
    if export.parent is not None and export.parent.export not in names:
        problems.append(f"parent {export.parent.export} is not an export")
    if not export.retention_class:
        problems.append("has no retention_class")
    problems += [
        f"person attribute {a} is not one of {PERSON_ATTRIBUTES}"
        for a in export.person_attributes
        if a not in PERSON_ATTRIBUTES
    ]
    raws = [i.raw or i.column for i in export.identifiers] + [a.raw or a.column for a in export.attributes]
    raws += [i.country for i in export.identifiers if i.country]
    problems += [f"column {raw} is not in the export's columns" for raw in raws if raw not in columns]
    if export.key not in columns:
        problems.append(f"key {export.key} is not in the export's columns")
    if problems:
        raise ValueError(f"export {export.identifier}: " + "; ".join(problems))
    identifiers = []
    for identifier in export.identifiers:
        entry: dict[str, object] = {
            "type": _sql_type(identifier.type, identifier.type_column),
            "column": identifier.column,
            "parse": identifier.parse,
            "raw": identifier.raw or identifier.column,
        }
        if identifier.country:
            entry["country"] = identifier.country
        entry["links"] = identifier.links
        entry["identity_type"] = _sql_type(
            identifier.identity_type or identifier.type, identifier.type_column
        )
        identifiers.append(entry)
    parent = None
    if export.parent is not None:
        parent = {"export": export.parent.export, "key": export.parent.key, "column": export.parent.column}
    retention: dict[str, object] = {"class": export.retention_class}
    retention.update({"parent": parent} if parent else {"column": export.timestamp})
    return {
        "name": export.identifier,
        "source": export.source,
        "table": export.table,
        "entity": export.table,
        "key": export.staged_key,
        "raw_key": export.key,
        "base_model": export.base_model,
        "stg_model": export.stg_model,
        "record_kind": export.record_kind,
        "seen_at": list(export.seen_at or ((export.timestamp,) if export.timestamp else ())),
        "parent": parent,
        "retention": retention,
        "identifiers": identifiers,
        "attributes": {
            a.column: {
                "parse": a.parse,
                "raw": a.raw or a.column,
                **({"codes": list(a.codes)} if a.codes else {}),
            }
            for a in export.attributes
        },
        "person_attributes": list(export.person_attributes),
        "contact_points": [
            {"type": i.type, "column": i.column}
            for i in export.identifiers
            if export.contact_points and i.type in ("email", "phone")
        ],
    }


def render_registry(exports: tuple[Export, ...] = EXPORTS) -> str:
    """macros/staging/export_registry.sql: every export's registry entry, one literal the macros loop over."""
    lines = [
        "{# " + RENDERED_NOTE + " #}",
        "{#",
        *REGISTRY_DOC.strip("\n").splitlines(),
        "#}",
        "{% macro export_registry() -%}",
        "    {{ return([",
    ]
    for export in exports:
        entry = registry_entry(export, exports)
        lines.append("        {")
        for key, value in entry.items():
            if key == "identifiers" and value:
                lines.append(f"            {key!r}: [")
                lines += [f"                {identifier!r}," for identifier in value]  # type: ignore[union-attr]
                lines.append("            ],")
            else:
                lines.append(f"            {key!r}: {value!r},")
        lines.append("        },")
    lines += ["    ]) }}", "{%- endmacro %}", ""]
    return "\n".join(lines)


def rendered_files(project_dir: Path, exports: tuple[Export, ...] = EXPORTS) -> dict[Path, str]:
    by_source: dict[str, list[Export]] = {}
    for export in exports:
        by_source.setdefault(export.source, []).append(export)
    files = {
        project_dir / "models" / "staging" / source / f"_{source}__sources.yml": render(
            source, source_exports
        )
        for source, source_exports in by_source.items()
    }
    files[project_dir / "macros" / "staging" / "export_registry.sql"] = render_registry(exports)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project-dir", type=Path, default=Path.cwd())
    args = parser.parse_args()
    for path, text in rendered_files(args.project_dir).items():
        path.write_text(text)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
