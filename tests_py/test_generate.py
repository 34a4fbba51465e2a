"""The synthetic export generator: determinism, the export contract, the committed demo, formats."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import filecmp
import hashlib
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from firstparty import generate as gen
from firstparty.exports import EXPORTS

ROOT = Path(__file__).resolve().parents[1]
DEMO_RAW = ROOT / "seeds" / "raw"
DEMO_ANSWER = ROOT / "evaluation" / "answer_key.csv"


def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file())


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """A fresh `--demo` generation into a temporary folder."""
    out = tmp_path_factory.mktemp("demo")
    gen.main(
        [
            "--demo",
            "--out",
            str(out / "raw"),
            "--answer-out",
            str(out / "answer_key.csv"),
            "--yml-out",
            str(out / "raw" / "_raw__seeds.yml"),
            "--quiet",
        ]
    )
    return out


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_same_seed_gives_identical_bytes(tmp_path, fmt):
    a, b = tmp_path / "a", tmp_path / "b"
    gen.generate(700, 11, a, fmt=fmt, chunk_persons=300)  # three chunks
    gen.generate(700, 11, b, fmt=fmt, chunk_persons=300)
    names = _files(a)
    assert names == _files(b)
    assert len(names) == len(EXPORTS) + 1
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_a_different_seed_gives_different_output(tmp_path):
    gen.generate(500, 11, tmp_path / "a")
    gen.generate(500, 12, tmp_path / "b")
    for e in EXPORTS:
        name = f"{e.identifier}.csv"
        assert (tmp_path / "a" / name).read_bytes() != (tmp_path / "b" / name).read_bytes(), name


def test_as_of_moves_every_time_and_nothing_is_later(tmp_path):
    gen.generate(300, 5, tmp_path, as_of="2025-03-31")
    _, rows = _read_csv(tmp_path / "shop_orders.csv")
    days = []
    for r in rows:
        with contextlib.suppress(ValueError):  # malformed timestamps are skipped
            days.append(dt.date.fromisoformat(r[-1][:10]))
    assert dt.date(2023, 1, 1) <= min(days) and max(days) <= dt.date(2025, 4, 1)
    assert max(days) >= dt.date(2025, 3, 1)


def test_every_file_has_the_contract_header(demo):
    for e in EXPORTS:
        header, rows = _read_csv(demo / "raw" / f"{e.identifier}.csv")
        assert header == e.column_names, e.identifier
        assert rows, e.identifier
        assert all(len(r) == len(header) for r in rows), e.identifier
    header, _ = _read_csv(demo / "answer_key.csv")
    assert header == list(gen.ANSWER_COLUMNS)


def test_csv_uses_newline_endings_and_minimal_quoting(demo):
    data = (demo / "raw" / "crm_contacts.csv").read_bytes()
    assert b"\r\n" not in data
    assert data.endswith(b"\n")
    first_line = data.split(b"\n", 1)[0]
    assert b'"' not in first_line


def test_committed_demo_equals_a_fresh_generation(demo):
    """`make seeds` is reproducible: the committed seeds, yml and answer key are what --demo writes."""
    assert DEMO_ANSWER.exists(), "run `python -m firstparty.generate --demo`"
    for e in EXPORTS:
        name = f"{e.identifier}.csv"
        assert filecmp.cmp(demo / "raw" / name, DEMO_RAW / name, shallow=False), name
    assert filecmp.cmp(demo / "raw" / "_raw__seeds.yml", DEMO_RAW / "_raw__seeds.yml", shallow=False)
    assert filecmp.cmp(demo / "answer_key.csv", DEMO_ANSWER, shallow=False)


def test_seeds_yml_declares_every_column_as_text_with_a_pii_class(demo):
    doc = yaml.safe_load((demo / "raw" / "_raw__seeds.yml").read_text(encoding="utf-8"))
    assert doc["version"] == 2
    seeds = {s["name"]: s for s in doc["seeds"]}
    assert list(seeds) == [e.identifier for e in EXPORTS]
    for e in EXPORTS:
        s = seeds[e.identifier]
        assert s["description"] == e.description
        assert s["config"]["column_types"] == {c: "varchar" for c in e.column_names}
        assert [c["name"] for c in s["columns"]] == e.column_names
        for col, spec in zip(e.columns, s["columns"], strict=True):
            assert spec["description"] == col.description
            assert spec["meta"] == {"pii": col.pii}


def test_answer_key_covers_every_keyed_record_exactly_once(demo):
    _, answer = _read_csv(demo / "answer_key.csv")
    pairs = [(r[0], r[1]) for r in answer]
    assert len(pairs) == len(set(pairs)), "one row per (source_name, source_record_id)"
    assert all(r[2].startswith("P") and r[2][1:].isdigit() for r in answer)
    by_source: dict[str, set[str]] = {}
    for source, key, _ in answer:
        by_source.setdefault(source, set()).add(key)
    for e in EXPORTS:
        header, rows = _read_csv(demo / "raw" / f"{e.identifier}.csv")
        k = header.index(e.key)
        keys = {r[k] for r in rows if r[k]}
        assert keys == by_source[e.identifier], e.identifier
        assert any(not r[k] for r in rows), f"{e.identifier}: expected some rows without a key"


def test_answer_key_persons_are_consistent_across_linked_exports(demo):
    """A foreign key points at a record of the same person (order lines, refunds, esp events)."""
    _, answer = _read_csv(demo / "answer_key.csv")
    person = {(r[0], r[1]): r[2] for r in answer}
    for child, fk, parent in (
        ("shop_order_lines", "order_id", "shop_orders"),
        ("shop_refunds", "order_id", "shop_orders"),
        ("esp_events", "subscriber_id", "esp_subscribers"),
        ("shop_orders", "shop_customer_id", "shop_customers"),
        ("pos_transactions", "loyalty_id", "pos_loyalty_members"),
        ("ads_conversions", "click_id", "ads_clicks"),
    ):
        e = next(x for x in EXPORTS if x.identifier == child)
        header, rows = _read_csv(demo / "raw" / f"{child}.csv")
        k, f = header.index(e.key), header.index(fk)
        checked = 0
        for r in rows:
            if r[k] and r[f] and (parent, r[f]) in person:
                assert person[(child, r[k])] == person[(parent, r[f])], (child, r[k])
                checked += 1
        assert checked > 0.5 * len(rows), child


def test_parquet_is_all_strings_in_bounded_row_groups(tmp_path):
    counts = gen.generate(600, 3, tmp_path, fmt="parquet", chunk_persons=250)  # one row group per chunk
    answer = pq.read_table(tmp_path / "_answer_key.parquet")
    assert answer.schema.names == list(gen.ANSWER_COLUMNS)
    answered: dict[str, set[str]] = {}
    for s, k in zip(answer["source_name"].to_pylist(), answer["source_record_id"].to_pylist(), strict=True):
        answered.setdefault(s, set()).add(k)
    assert answer.num_rows == sum(len(v) for v in answered.values())
    for e in EXPORTS:
        path = tmp_path / f"{e.identifier}.parquet"
        meta = pq.ParquetFile(path).metadata
        table = pq.read_table(path)
        assert table.schema.names == e.column_names
        assert all(t == pa.string() for t in table.schema.types), e.identifier
        assert table.num_rows == counts[e.identifier]
        assert meta.num_row_groups == 3, e.identifier
        keys = table[e.key].to_pylist()
        assert "" not in keys, "missing values are nulls in parquet"
        assert {k for k in keys if k is not None} == answered[e.identifier]


def test_parallel_workers_write_the_same_bytes(tmp_path):
    gen.generate(900, 4, tmp_path / "one", jobs=1, chunk_persons=300)
    gen.generate(900, 4, tmp_path / "two", jobs=2, chunk_persons=300)
    for name in _files(tmp_path / "one"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


# sha256 over (file name, bytes) of `generate(600, 9, chunk_persons=200)` in CSV, recorded before the
# generator was split into modules (issue 14): the demo is one chunk, this is three. Like the committed
# demo, it changes only when a rate in generator/config.py or a simulation or noise rule changes on
# purpose: then record the new value here (last: the profile-only persons of issue 15).
CHUNKED_600_SEED_9_SHA256 = "1e6ff9e7d7e109c48db698313654fc84a28df50131dbea1bedc71a3eafcb8d2a"


def _folder_sha256(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def test_chunked_generation_keeps_keys_unique_across_chunks(tmp_path):
    gen.generate(600, 9, tmp_path, chunk_persons=200)
    assert _folder_sha256(tmp_path) == CHUNKED_600_SEED_9_SHA256, "the bytes of a known seed changed"
    _, answer = _read_csv(tmp_path / "_answer_key.csv")
    persons = {r[2] for r in answer}
    assert len(persons) > 500
    assert max(persons) <= "P000600"
    header, rows = _read_csv(tmp_path / "crm_contacts.csv")
    emails = [r[1].strip().lower() for r in rows if r[1]]
    assert len(set(emails)) > 0.7 * len(emails)


@pytest.mark.parametrize("persons", [1, 2, 5, 17])
def test_tiny_populations_still_write_every_file(tmp_path, persons):
    counts = gen.generate(persons, 2, tmp_path)
    assert set(counts) == {e.identifier for e in EXPORTS} | {"answer_key"}
    for e in EXPORTS:
        header, _ = _read_csv(tmp_path / f"{e.identifier}.csv")
        assert header == e.column_names


def test_mix64_is_a_bijection_on_a_sample():
    x = np.arange(200_000, dtype=np.uint64)
    assert len(np.unique(gen.syn.mix64(x, 12345))) == len(x)


def test_money_is_formatted_exactly():
    out = gen.syn.money(np.array([0, 5, 99, 100, 123456, -5, -1234]))
    assert out.tolist() == ["0.00", "0.05", "0.99", "1.00", "1234.56", "-0.05", "-12.34"]


def test_cli_requires_its_arguments(capsys):
    with pytest.raises(SystemExit):
        gen.main(["--persons", "10"])
    assert "required" in capsys.readouterr().err


def _profile_only_persons(
    answer: list[list[str]], contacts: list[dict[str, str]]
) -> dict[str, list[dict[str, str]]]:
    """Persons whose only records are CRM contacts carrying no email, phone or loyalty id: their contacts."""
    sources: dict[str, set[str]] = {}
    for source, _, person in answer:
        sources.setdefault(person, set()).add(source)
    person_of = {key: person for source, key, person in answer if source == "crm_contacts"}
    out: dict[str, list[dict[str, str]]] = {}
    for row in contacts:
        person = person_of.get(row["contact_id"])
        if person and sources[person] == {"crm_contacts"}:
            out.setdefault(person, []).append(row)
    return {
        person: rows
        for person, rows in out.items()
        if not any(row["email"] or row["phone"] or row["loyalty_id"] for row in rows)
    }


def test_demo_keeps_profile_only_persons_in_households(demo):
    """A small share of the demo's persons are only a profile (config PROFILE_ONLY_RATE): CRM contacts with
    no email, phone or loyalty id, sharing an address with another such person, some entered twice."""
    _, answer = _read_csv(demo / "answer_key.csv")
    with (demo / "raw" / "crm_contacts.csv").open(newline="", encoding="utf-8") as f:
        contacts = list(csv.DictReader(f))
    profile_only = _profile_only_persons(answer, contacts)
    persons = {person for *_, person in answer}
    assert 10 <= len(profile_only) <= 0.05 * len(persons), len(profile_only)
    at_address: dict[tuple[str, str], set[str]] = {}
    for person, rows in profile_only.items():
        for row in rows:
            if row["street_address"]:
                at_address.setdefault((row["street_address"], row["postcode"]), set()).add(person)
    assert sum(1 for members in at_address.values() if len(members) > 1) >= 3, "households"
    entered_twice = [p for p, rows in profile_only.items() if len({r["contact_id"] for r in rows}) > 1]
    assert len(entered_twice) >= 3


def test_profile_only_mode_writes_two_crm_files_and_name_only_shop_accounts(tmp_path):
    args = ["--profile-only", "--persons", "300", "--seed", "5", "--quiet"]
    assert gen.main([*args, "--out", str(tmp_path / "a")]) == 0
    assert gen.main([*args, "--out", str(tmp_path / "b")]) == 0
    for name in _files(tmp_path / "a"):
        assert filecmp.cmp(tmp_path / "a" / name, tmp_path / "b" / name, shallow=False), name
    with (tmp_path / "a" / "crm_contacts.csv").open(newline="", encoding="utf-8") as f:
        contacts = list(csv.DictReader(f))
    _, answer = _read_csv(tmp_path / "a" / "_answer_key.csv")
    person_of = {(source, key): person for source, key, person in answer}
    assert {row["contact_id"][0] for row in contacts} == {"A", "B"}, "file A (with duplicates) and file B"
    assert not any(row["email"] or row["phone"] or row["loyalty_id"] for row in contacts)
    assert all(("crm_contacts", row["contact_id"]) in person_of for row in contacts)
    by_person: dict[str, int] = {}
    at_address: dict[tuple[str, str], set[str]] = {}
    for row in contacts:
        person = person_of[("crm_contacts", row["contact_id"])]
        by_person[person] = by_person.get(person, 0) + 1
        at_address.setdefault((row["street_address"], row["postcode"]), set()).add(person)
    assert any(n > 1 for n in by_person.values()), "persons in both files or twice in file A"
    assert any(len(members) > 1 for (street, _), members in at_address.items() if street), "households"
    header, shop = _read_csv(tmp_path / "a" / "shop_customers.csv")
    assert shop and all(row[header.index("email")] == "" for row in shop)
    for export in EXPORTS:
        if export.identifier not in ("crm_contacts", "shop_customers"):
            assert len(_read_csv(tmp_path / "a" / f"{export.identifier}.csv")[1]) == 0, export.identifier
