"""Governance rules read from target/manifest.json and the built database: classification fails closed.

- every model belongs to a group; staging, identity and governance internals (base_, stg_, int_) are
  never public; every public model has an enforced contract (BI reads only those);
- a public model with a column classed as raw PII (email, phone, name, address, postcode, birth date)
  declares in meta.purpose the registered purpose (seeds/governance/privacy_purposes.csv) that needs it;
- a column classed `none` holds no value that looks like an email address or a phone number;
- every primary key has unique and not_null data tests (DuckDB builds tables without the key's index).
Each rule also has a test showing it fails on a node or a relation that breaks it.
"""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

import duckdb
import pytest
from project import REPO_ROOT, built_db_path, project_nodes, project_vars

from firstparty.generate import DEFAULT_AS_OF

RAW_PII_CLASSES = {"email", "phone", "name", "address", "postcode", "birth_date"}
INTERNAL_PREFIXES = ("base_", "stg_", "int_")
PURPOSES = {
    row["purpose"]
    for row in csv.DictReader((REPO_ROOT / "seeds" / "governance" / "privacy_purposes.csv").open(newline=""))
}

# A value looks like an email when it contains local@domain.tld anywhere; like a phone number when the
# whole value is E.164 (+ and 8-15 digits) or a formatted number (digits with spaces, dashes, dots or
# brackets, 8-15 digits in all) that is not an ISO date. Bare digit strings are ids (campaigns, cards).
EMAIL_PATTERN = r"(?i)[a-z0-9._%+'-]+@[a-z0-9-]+([.][a-z0-9-]+)*[.][a-z]{2,}"
E164_PATTERN = r"^[+][1-9][0-9]{7,14}$"
FORMATTED_PHONE_PATTERN = r"^[+(]?[0-9][0-9 ().-]*[ ().-][0-9 ().-]*[0-9]$"
ISO_DATE_PATTERN = r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"


def _models() -> list[dict[str, Any]]:
    return project_nodes("model")


def _built_nodes() -> list[dict[str, Any]]:
    return [n for n in project_nodes("model", "seed") if n["config"].get("materialized") != "ephemeral"]


def _public_models() -> list[dict[str, Any]]:
    return [n for n in _models() if n.get("access") == "public"]


def _purposes_of(node: dict[str, Any]) -> list[str]:
    declared = node["meta"].get("purpose") or node["config"].get("meta", {}).get("purpose") or []
    return [declared] if isinstance(declared, str) else list(declared)


@pytest.mark.parametrize("node", _models(), ids=lambda node: node["name"])
def test_every_model_belongs_to_a_group(node: dict[str, Any]) -> None:
    assert node["group"], f"{node['name']} has no group: set +group for its folder or the model"
    assert node["access"] in {"private", "protected", "public"}, f"{node['name']}: access {node['access']}"


@pytest.mark.parametrize("node", _models(), ids=lambda node: node["name"])
def test_internal_models_are_never_public(node: dict[str, Any]) -> None:
    if node["name"].startswith(INTERNAL_PREFIXES):
        assert node["access"] != "public", f"{node['name']} is internal ({INTERNAL_PREFIXES}) but public"


@pytest.mark.parametrize("node", _public_models(), ids=lambda node: node["name"])
def test_public_models_have_an_enforced_contract(node: dict[str, Any]) -> None:
    assert node["config"]["contract"]["enforced"], (
        f"{node['name']} is public without contract: {{enforced: true}}"
    )
    missing = [name for name, column in node["columns"].items() if not column.get("data_type")]
    assert not missing, f"{node['name']}: contract columns without data_type: {missing}"


def _primary_keys() -> list[tuple[str, str]]:
    """(model, column) for every primary_key constraint, column-level or model-level."""
    keys = []
    for node in _models():
        for name, column in node["columns"].items():
            if any(c["type"] == "primary_key" for c in column.get("constraints", [])):
                keys.append((node["unique_id"], name))
        for constraint in node.get("constraints", []):
            if constraint["type"] == "primary_key":
                keys.extend((node["unique_id"], name) for name in constraint.get("columns", []))
    return keys


def _column_tests() -> set[tuple[str, str, str]]:
    """(test name, model, column) of every generic data test on a column."""
    return {
        (test["test_metadata"]["name"], test.get("attached_node") or "", test.get("column_name") or "")
        for test in project_nodes("test")
        if test.get("test_metadata")
    }


@pytest.mark.parametrize("key", _primary_keys(), ids=lambda key: f"{key[0].split('.')[-1]}.{key[1]}")
def test_every_primary_key_is_proved_by_unique_and_not_null_tests(key: tuple[str, str]) -> None:
    """DuckDB builds contracted tables without their primary keys (an ART index doubled the largest mart's
    write: macros/project/duckdb_adapter_overrides.sql); the data tests are what proves the key there."""
    missing = _missing_key_tests(key, _column_tests())
    assert not missing, f"{key[0]}.{key[1]} is a primary key without {missing} data tests"


def _missing_key_tests(key: tuple[str, str], tests: set[tuple[str, str, str]]) -> list[str]:
    return [name for name in ("unique", "not_null") if (name, *key) not in tests]


def test_the_primary_key_rule_sees_the_declared_keys_and_fails_a_key_without_its_tests() -> None:
    # the public marts that declare one (the rule above is vacuous if this finds none)
    declared = {model.split(".")[-1] for model, _ in _primary_keys()}
    assert declared >= {"dim_customers", "fct_customer_touchpoints"}
    only_unique = {("unique", "model.firstparty.some_mart", "some_id")}
    assert _missing_key_tests(("model.firstparty.some_mart", "some_id"), only_unique) == ["not_null"]


@pytest.mark.parametrize("node", _public_models(), ids=lambda node: node["name"])
def test_public_models_hold_raw_pii_only_for_a_declared_purpose(node: dict[str, Any]) -> None:
    raw_pii = sorted(n for n, c in node["columns"].items() if c["meta"].get("pii") in RAW_PII_CLASSES)
    if not raw_pii:
        return
    purposes = _purposes_of(node)
    assert purposes, (
        f"{node['name']} is public and holds raw PII {raw_pii}: declare meta.purpose (a purpose of "
        "seeds/governance/privacy_purposes.csv that needs it) or publish a keyed hash instead"
    )
    unknown = sorted(set(purposes) - PURPOSES)
    assert not unknown, (
        f"{node['name']}: meta.purpose {unknown} not in the purposes registry {sorted(PURPOSES)}"
    )


def _look_alike_counts(con: duckdb.DuckDBPyConnection, relation: str, columns: list[str]) -> dict[str, int]:
    """Per text column of `relation`, how many values look like an email or a phone number."""
    counts = {}
    for column in columns:
        quoted = '"' + column.replace('"', '""') + '"'
        value = f"cast({quoted} as varchar)"
        digits = f"length(regexp_replace({value}, '[^0-9]', '', 'g'))"
        counts[column] = con.execute(
            f"select count(*) from {relation} where regexp_matches({value}, $email) "
            f"or regexp_matches({value}, $e164) "
            f"or (regexp_matches({value}, $formatted) and not regexp_matches({value}, $date) "
            f"and {digits} between 8 and 15)",
            {
                "email": EMAIL_PATTERN,
                "e164": E164_PATTERN,
                "formatted": FORMATTED_PHONE_PATTERN,
                "date": ISO_DATE_PATTERN,
            },
        ).fetchone()[0]
    return counts


def _text_columns_classed_none(con: duckdb.DuckDBPyConnection, node: dict[str, Any]) -> list[str]:
    none_columns = {name.lower() for name, c in node["columns"].items() if c["meta"].get("pii") == "none"}
    rows = con.execute(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
        "and data_type in ('VARCHAR', 'TEXT')",
        [node["schema"], node["alias"]],
    ).fetchall()
    return [row[0] for row in rows if row[0].lower() in none_columns]


@pytest.fixture(scope="module")
def built_db() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(built_db_path()), read_only=True)
    yield con
    con.close()


@pytest.mark.parametrize("node", _built_nodes(), ids=lambda node: node["name"])
def test_columns_classed_none_hold_no_email_or_phone(
    built_db: duckdb.DuckDBPyConnection, node: dict[str, Any]
) -> None:
    columns = _text_columns_classed_none(built_db, node)
    relation = f'"{node["schema"]}"."{node["alias"]}"'
    flagged = {c: n for c, n in _look_alike_counts(built_db, relation, columns).items() if n}
    assert not flagged, f"{node['name']}: columns classed none hold email- or phone-like values: {flagged}"


# -- the rules can fail ----------------------------------------------------------------------------
def test_the_content_check_flags_emails_and_phones_but_not_ids() -> None:
    con = duckdb.connect()
    con.execute(
        "create table t as select * from (values "
        "('Ann.Lee@Example.co.uk', '+447700900123', '(713) 317-7934', '23851000000000', 'gads_7300095028', "
        "'note: mail ann@example.org', '2024-01-01 10:00:00', '07869 408583')) as v(a, b, c, d, e, f, g, h)"
    )
    counts = _look_alike_counts(con, "t", ["a", "b", "c", "d", "e", "f", "g", "h"])
    assert counts == {"a": 1, "b": 1, "c": 1, "d": 0, "e": 0, "f": 1, "g": 0, "h": 1}


def test_the_purpose_rule_fails_a_public_mart_with_raw_email_and_no_purpose() -> None:
    mart = {
        "name": "broken_mart",
        "meta": {},
        "config": {"meta": {}},
        "columns": {"email": {"meta": {"pii": "email"}}, "customer_id": {"meta": {"pii": "customer_key"}}},
    }
    with pytest.raises(AssertionError, match="declare meta.purpose"):
        test_public_models_hold_raw_pii_only_for_a_declared_purpose(mart)
    with pytest.raises(AssertionError, match="not in the purposes registry"):
        test_public_models_hold_raw_pii_only_for_a_declared_purpose(
            {**mart, "meta": {"purpose": "profiling"}}
        )
    test_public_models_hold_raw_pii_only_for_a_declared_purpose(
        {**mart, "meta": {"purpose": "email_marketing"}}
    )


def test_the_access_rules_fail_an_uncontracted_public_mart_and_a_public_staging_model() -> None:
    mart = {"name": "bi_mart", "config": {"contract": {"enforced": False}}, "columns": {}}
    with pytest.raises(AssertionError, match="without contract"):
        test_public_models_have_an_enforced_contract(mart)
    with pytest.raises(AssertionError, match="internal"):
        test_internal_models_are_never_public({"name": "stg_crm__contacts", "access": "public"})
    with pytest.raises(AssertionError, match="no group"):
        test_every_model_belongs_to_a_group({"name": "loose_model", "group": None, "access": "protected"})


def test_the_demo_as_of_is_the_end_of_the_generators_as_of_day() -> None:
    """var demo_as_of (what governance ages the demo seeds from) follows the generator's --as-of."""
    end_of_day = dt.datetime.fromisoformat(DEFAULT_AS_OF) + dt.timedelta(days=1)
    assert project_vars()["demo_as_of"] == end_of_day.strftime("%Y-%m-%d %H:%M:%S")
