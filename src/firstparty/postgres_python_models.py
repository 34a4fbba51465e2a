"""Run the project's dbt Python models against PostgreSQL, which dbt-postgres cannot (docs/postgres.md).

dbt-postgres has no Python models. On Postgres the Python models are disabled (dbt_project.yml) and a
same-named SQL model in a `python_fits/` folder reads source `python_fits`, which this step writes: it runs
each Python model's own `model(dbt, session)` function, the same file and code as on DuckDB, with a
stand-in `dbt` object whose `ref(name).fetchnumpy()` reads the referenced table from Postgres (the
grouped statistics, a few thousand rows at most, never one row per customer) and whose `config.get`
returns the model's config from the manifest. The returned Arrow table is written to
`python_fits.<model name>`. make test-postgres runs it between dbt builds: the identity fit after everything
upstream of it, the lifetime-value fits after what lies between (the marts read identity), then the rest.

    python -m firstparty.postgres_python_models --manifest target/pg/manifest.json
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import psycopg2
import pyarrow as pa
from psycopg2 import sql
from psycopg2.extras import execute_values

SCHEMA = "python_fits"
# psycopg2 type codes: int2, int4, int8 / float4, float8, numeric / bool
INTEGER_TYPES = {21, 23, 20}
FLOAT_TYPES = {700, 701, 1700}
BOOLEAN_TYPES = {16}


def connect():
    """The dbt role's connection, from the FIRSTPARTY_PG_* variables profiles.yml reads."""
    return psycopg2.connect(
        host=os.environ.get("FIRSTPARTY_PG_HOST", "127.0.0.1"),
        port=int(os.environ.get("FIRSTPARTY_PG_PORT", "55432")),
        user=os.environ.get("FIRSTPARTY_PG_USER", "firstparty_dbt"),
        password=os.environ.get("FIRSTPARTY_PG_PASSWORD", ""),
        dbname=os.environ.get("FIRSTPARTY_PG_DATABASE", "firstparty"),
    )


def column_array(values: list[Any], type_code: int) -> np.ndarray:
    """One column as DuckDB's fetchnumpy gives it: int64/float64 (masked where null), else objects."""
    nulls = [value is None for value in values]
    if type_code in INTEGER_TYPES or type_code in FLOAT_TYPES or type_code in BOOLEAN_TYPES:
        if type_code in INTEGER_TYPES:
            dtype = np.int64
        elif type_code in BOOLEAN_TYPES:
            dtype = np.bool_
        else:
            dtype = np.float64
        filled = [
            0 if value is None else (float(value) if isinstance(value, Decimal) else value)
            for value in values
        ]
        array = np.array(filled, dtype=dtype)
        return np.ma.masked_array(array, mask=nulls) if any(nulls) else array
    return np.array(values, dtype=object)


class Relation:
    def __init__(self, conn, relation: str) -> None:
        self.conn = conn
        self.relation = relation

    def fetchnumpy(self) -> dict[str, np.ndarray]:
        with self.conn.cursor() as cursor:
            cursor.execute(f"select * from {self.relation}")
            rows = cursor.fetchall()
            columns = cursor.description
        return {
            column.name: column_array([row[index] for row in rows], column.type_code)
            for index, column in enumerate(columns)
        }


class Config(dict):
    def __call__(self, **kwargs: Any) -> None:
        """dbt.config(materialized=...) inside the model: nothing to do here."""

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key, default)


class Dbt:
    def __init__(self, conn, relations: dict[str, str], config: dict[str, Any]) -> None:
        self.conn = conn
        self.relations = relations
        self.config = Config(config)

    def ref(self, name: str) -> Relation:
        return Relation(self.conn, self.relations[name])


def python_models(manifest: dict) -> list[dict]:
    """The disabled Python models of the project, each after the Python models it refs."""
    models = {
        node["name"]: node
        for nodes in manifest.get("disabled", {}).values()
        for node in nodes
        if node.get("resource_type") == "model" and node.get("language") == "python"
    }
    ordered: list[dict] = []

    def visit(name: str) -> None:
        if any(node["name"] == name for node in ordered):
            return
        for ref in models[name].get("refs", []):
            if ref["name"] in models:
                visit(ref["name"])
        ordered.append(models[name])

    for name in sorted(models):
        visit(name)
    return ordered


def arrow_type_sql(data_type: pa.DataType) -> str:
    if pa.types.is_boolean(data_type):
        return "boolean"
    if pa.types.is_int64(data_type) or pa.types.is_uint32(data_type):
        return "bigint"
    if pa.types.is_integer(data_type):
        return "integer"
    if pa.types.is_floating(data_type):
        return "double precision"
    if pa.types.is_date(data_type):
        return "date"
    if pa.types.is_timestamp(data_type):
        return "timestamp"
    if pa.types.is_string(data_type) or pa.types.is_large_string(data_type):
        return "text"
    raise ValueError(f"firstparty: no Postgres type for Arrow type {data_type}")


def write_table(conn, name: str, table: pa.Table) -> None:
    target = sql.Identifier(SCHEMA, name)
    columns = sql.SQL(", ").join(
        sql.SQL("{} {}").format(sql.Identifier(field.name), sql.SQL(arrow_type_sql(field.type)))
        for field in table.schema
    )
    with conn.cursor() as cursor:
        cursor.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(SCHEMA)))
        cursor.execute(sql.SQL("drop table if exists {}").format(target))
        cursor.execute(sql.SQL("create table {} ({})").format(target, columns))
        rows = list(
            zip(*(table.column(index).to_pylist() for index in range(table.num_columns)), strict=True)
        )
        if rows:
            execute_values(cursor, sql.SQL("insert into {} values %s").format(target).as_string(cursor), rows)


def load_model_function(project_dir: Path, node: dict):
    path = project_dir / node["original_file_path"]
    spec = importlib.util.spec_from_file_location(f"firstparty_python_model_{node['name']}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.model


def run(manifest_path: Path, project_dir: Path, only: list[str] | None = None) -> list[tuple[str, int]]:
    import json

    manifest = json.loads(manifest_path.read_text())
    relations = {
        node["name"]: node["relation_name"]
        for node in manifest["nodes"].values()
        if node.get("resource_type") in ("model", "seed") and node.get("relation_name")
    }
    models = python_models(manifest)
    if not models:
        raise SystemExit(
            f"firstparty: no disabled Python model in {manifest_path} (parsed for another target?)"
        )
    for node in models:
        relations[node["name"]] = f'"{SCHEMA}"."{node["name"]}"'
    if only:
        unknown = sorted(set(only) - {node["name"] for node in models})
        if unknown:
            raise SystemExit(f"firstparty: no Python model named {', '.join(unknown)}")
        models = [node for node in models if node["name"] in only]
    # The yml's config (clv_horizons) patches the enabled node of the name, the python_fits SQL model.
    configs = {
        node["name"]: node["config"]
        for node in manifest["nodes"].values()
        if node.get("resource_type") == "model" and node["name"] in {model["name"] for model in models}
    }
    written = []
    conn = connect()
    try:
        for node in models:
            model = load_model_function(project_dir, node)
            table = model(Dbt(conn, relations, configs.get(node["name"], node.get("config", {}))), None)
            write_table(conn, node["name"], table)
            conn.commit()
            written.append((node["name"], table.num_rows))
    finally:
        conn.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", type=Path, default=Path("target/pg/manifest.json"))
    parser.add_argument("--project-dir", type=Path, default=Path("."))
    parser.add_argument("--models", help="comma-separated names: run only these (default: every one)")
    args = parser.parse_args(argv)
    only = [name.strip() for name in args.models.split(",")] if args.models else None
    for name, rows in run(args.manifest, args.project_dir, only):
        print(f"firstparty: {SCHEMA}.{name}: {rows} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
