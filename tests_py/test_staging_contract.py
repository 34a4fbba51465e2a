"""The staging layer's single sources of truth stay in step with what depends on them.

- the sources yml files and the export registry macro are exactly what `python -m firstparty.sources_yml`
  renders from exports.py;
- the country and currency lists the staging macros normalise with equal the reference seeds;
- every export of the contract has a base_ and a stg_ model and is in the export registry (export_registry(),
  which staged_exports() returns).
"""

from __future__ import annotations

import ast
import csv
import re
from pathlib import Path

from project import REPO_ROOT

from firstparty.exports import EXPORTS
from firstparty.sources_yml import rendered_files

MACROS = REPO_ROOT / "macros" / "staging"


def _macro_literal(path: Path) -> object:
    """The Python-literal argument of the single `return(...)` in a macro file."""
    text = path.read_text()
    match = re.search(r"\{\{ return\((.*)\) \}\}", text, re.S)
    assert match, f"{path} has no return(...)"
    literal = re.sub(r"\s+", " ", match.group(1))
    return ast.literal_eval(literal)


def _seed_rows(name: str) -> list[dict[str, str]]:
    with (REPO_ROOT / "seeds" / "reference" / f"{name}.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_sources_yml_is_rendered_from_the_export_contract() -> None:
    for path, text in rendered_files(REPO_ROOT).items():
        assert path.exists(), f"{path} is missing: run python -m firstparty.sources_yml"
        assert path.read_text() == text, (
            f"{path} differs from the contract: run python -m firstparty.sources_yml"
        )


def test_country_macro_and_reference_seed_agree() -> None:
    countries = _macro_literal(MACROS / "country_reference.sql")
    assert isinstance(countries, dict)
    seed = {row["country_code"]: row for row in _seed_rows("ref_countries")}
    assert set(seed) == set(countries)
    for iso2, country in countries.items():
        assert seed[iso2]["iso3_code"] == country["iso3"], iso2
        assert seed[iso2]["calling_code"] == country["calling_code"], iso2
        assert seed[iso2]["trunk_prefix"] == country["trunk_prefix"], iso2


def test_currency_macro_and_reference_seed_agree() -> None:
    codes = _macro_literal(MACROS / "currency_codes.sql")
    assert sorted(codes) == sorted(row["currency_code"] for row in _seed_rows("ref_currencies"))


def test_every_export_has_base_and_staging_models_and_is_reconciled() -> None:
    staged = _macro_literal(MACROS / "export_registry.sql")
    assert isinstance(staged, list)
    listed = {(e["source"], e["table"]) for e in staged}
    assert listed == {(e.source, e.table) for e in EXPORTS}
    for export in staged:
        folder = REPO_ROOT / "models" / "staging" / export["source"]
        base_model = folder / "base" / f"base_{export['source']}__{export['entity']}.sql"
        for model in (base_model, folder / f"stg_{export['source']}__{export['entity']}.sql"):
            assert model.exists(), f"{model} is missing"
        base_sql = base_model.read_text()
        assert f"raw_source('{export['source']}', '{export['table']}')" in base_sql
        assert f"row_status('{export['key']}'" in base_sql, (
            f"{export['key']} is not the key staging versions by"
        )
