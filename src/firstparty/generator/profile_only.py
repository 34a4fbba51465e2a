"""Profile-only exports, the hard case of identity resolution: `python -m firstparty.generate --profile-only`.

Person records with no email, phone or loyalty id: a population of households (one to four persons
sharing a family name and an address, twins among them) written as two files of CRM contacts (file A,
with persons entered twice in it, and file B: one file deduplicated, two files linked) with realistic
noise: typos, nicknames, given and family names swapped, day and month swapped, a year off, missing
fields, moved addresses, postcode formats. A third file of shop accounts carries names only. Every
other export is written header-only, so the folder is a complete `raw_path`. The answer key maps every
record to its person (`_answer_key.csv`, columns as the demo's). Every rate is named in `config.py`
(`PROFILE_ONLY_*`); the same (persons, seed) always gives the same bytes.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from firstparty import _names as names
from firstparty._synth import typo
from firstparty.exports import EXPORTS
from firstparty.generator import config as cfg
from firstparty.generator.writing import ANSWER_COLUMNS

GIVEN_NAMES = sorted({name for pool in names.FIRST_NAMES_MALE + names.FIRST_NAMES_FEMALE for name in pool})
FAMILY_NAMES = sorted({name for pool in names.LAST_NAMES for name in pool})
STREETS = sorted({street for pool in names.STREETS for street in pool})
CITIES = [(city, prefixes) for pool in names.CITIES for city, prefixes in pool]
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
CREATED_AT = "2025-01-01T00:00:00Z"


@dataclass
class Person:
    person_id: str
    given: str
    family: str
    birth: date
    street: str
    postcode: str
    city: str


def _zipf_pick(r: random.Random, pool: list[str]) -> str:
    """Common names are common: rank k drawn with weight 1 / (k + offset)."""
    offset = cfg.PROFILE_ONLY_NAME_ZIPF_OFFSET
    return r.choices(pool, weights=[1 / (rank + offset) for rank in range(len(pool))])[0]


def _address(r: random.Random) -> tuple[str, str, str]:
    city, prefixes = r.choice(CITIES)
    letters = POSTCODE_LETTERS
    postcode = f"{r.choice(prefixes)} {r.randrange(1, 10)}{r.choice(letters)}{r.choice(letters)}"
    return f"{r.randrange(1, 200)} {r.choice(STREETS)}", postcode, city


def population(r: random.Random, persons: int) -> list[Person]:
    """`persons` persons in households: the head, a partner, children; twins among the children."""
    out: list[Person] = []
    first_year, years = cfg.PROFILE_ONLY_PARENT_BIRTH_YEARS
    partner_days = cfg.PROFILE_ONLY_PARTNER_BIRTH_YEARS * 365
    child_lo, child_hi = cfg.PROFILE_ONLY_CHILD_BIRTH_YEARS
    while len(out) < persons:
        street, postcode, city = _address(r)
        family = _zipf_pick(r, FAMILY_NAMES)
        size = r.choices(
            [1, 2, 3, 4], weights=[round(s * 100) for s in cfg.PROFILE_ONLY_HOUSEHOLD_SIZE_SHARES]
        )[0]
        # Parents born 1950-1974, children at least 22 years later: staging nulls a birth date outside
        # ages 13..120 (vars birth_date_min_age_years, birth_date_max_age_years).
        parent_birth = date(first_year, 1, 1) + timedelta(days=r.randrange(0, years * 365))
        given_in_household: set[str] = set()
        for member in range(size):
            given = _zipf_pick(r, GIVEN_NAMES)
            while given in given_in_household:
                given = _zipf_pick(r, GIVEN_NAMES)
            given_in_household.add(given)
            if member == 0:
                birth = parent_birth
            elif member == 1:
                birth = parent_birth + timedelta(days=r.randrange(-partner_days, partner_days))
            elif member == 3 and r.random() < cfg.PROFILE_ONLY_TWIN_RATE:
                birth = out[-1].birth  # twins: one birth date, two given names
            else:
                birth = parent_birth + timedelta(days=r.randrange(child_lo * 365, child_hi * 365))
            own_surname = member > 0 and r.random() >= 1 - cfg.PROFILE_ONLY_OTHER_SURNAME_RATE
            member_family = _zipf_pick(r, FAMILY_NAMES) if own_surname else family
            out.append(Person(f"P{len(out):05d}", given, member_family, birth, street, postcode, city))
    return out[:persons]


def noisy_birth(r: random.Random, birth: date) -> str:
    """A birth date as typed: missing, day and month swapped, a year off, or right."""
    roll = r.random()
    missing = cfg.PROFILE_ONLY_BIRTH_MISSING_RATE
    swapped = missing + cfg.PROFILE_ONLY_BIRTH_DAY_MONTH_SWAP_RATE
    year_off = swapped + cfg.PROFILE_ONLY_BIRTH_YEAR_OFF_RATE
    if roll < missing:
        return ""
    if roll < swapped and birth.day <= 12 and birth.day != birth.month:
        return f"{birth.year:04d}-{birth.day:02d}-{birth.month:02d}"
    if roll < year_off:
        year = birth.year - 1 if birth.year % 10 else birth.year + 1
        try:
            return birth.replace(year=year).isoformat()
        except ValueError:
            return birth.isoformat()
    return birth.isoformat()


def noisy_given(r: random.Random, given: str) -> str:
    """A given name as typed: missing, a nickname, a typo, or right."""
    roll = r.random()
    missing = cfg.PROFILE_ONLY_GIVEN_MISSING_RATE
    nickname = missing + cfg.PROFILE_ONLY_GIVEN_NICKNAME_RATE
    if roll < missing:
        return ""
    if roll < nickname and given in names.NICKNAMES:
        return r.choice(names.NICKNAMES[given])
    if roll < nickname + cfg.PROFILE_ONLY_GIVEN_TYPO_RATE:
        return typo(given, r)
    return given


def contact_row(r: random.Random, person: Person, contact_id: str) -> dict[str, str]:
    """One CRM contact of `person`, with the noise of a hand-typed record and no email or phone."""
    given = noisy_given(r, person.given)
    family = typo(person.family, r) if r.random() < cfg.PROFILE_ONLY_FAMILY_TYPO_RATE else person.family
    if r.random() < cfg.PROFILE_ONLY_NAMES_SWAPPED_RATE:
        given, family = family, given
    street, postcode, city = person.street, person.postcode, person.city
    if r.random() < cfg.PROFILE_ONLY_MOVED_RATE:
        street, postcode, city = _address(r)  # moved
    if r.random() < cfg.PROFILE_ONLY_STREET_TYPO_RATE:
        street = typo(street, r)
    if r.random() < cfg.PROFILE_ONLY_STREET_MISSING_RATE:
        street = ""
    if r.random() < cfg.PROFILE_ONLY_POSTCODE_FORMAT_RATE:
        postcode = r.choice([postcode.lower(), postcode.replace(" ", "")])
    if r.random() < cfg.PROFILE_ONLY_CITY_MISSING_RATE:
        city = ""
    return {
        "contact_id": contact_id,
        "first_name": given if r.random() > cfg.PROFILE_ONLY_UPPER_CASE_RATE else given.upper(),
        "last_name": family,
        "street_address": street,
        "postcode": postcode,
        "city": city,
        "country": "GB",
        "birth_date": noisy_birth(r, person.birth),
        "created_at": CREATED_AT,
        "updated_at": CREATED_AT,
    }


def records(persons: int, seed: int) -> tuple[dict[str, list[dict[str, str]]], dict[str, str]]:
    """The rows of each export (crm_contacts, shop_customers) and the truth: 'export:record id' -> person."""
    r = random.Random(seed)
    contacts: list[dict[str, str]] = []
    shop: list[dict[str, str]] = []
    truth: dict[str, str] = {}
    for person in population(r, persons):
        copies = []
        if r.random() < cfg.PROFILE_ONLY_FILE_A_RATE:
            copies.append("A")
            if r.random() < cfg.PROFILE_ONLY_FILE_A_DUPLICATE_RATE:
                copies.append("A")
        if r.random() < cfg.PROFILE_ONLY_FILE_B_RATE:
            copies.append("B")
        for file in copies:
            contact_id = f"{file}{len(contacts):06d}"
            contacts.append(contact_row(r, person, contact_id))
            truth[f"crm_contacts:{contact_id}"] = person.person_id
        if r.random() < cfg.PROFILE_ONLY_SHOP_RATE:
            shop_id = f"S{len(shop):06d}"
            shop.append(
                {
                    "shop_customer_id": shop_id,
                    "first_name": noisy_given(r, person.given),
                    "last_name": person.family,
                    "country": "GB",
                    "created_at": CREATED_AT,
                }
            )
            truth[f"shop_customers:{shop_id}"] = person.person_id
    return {"crm_contacts": contacts, "shop_customers": shop}, truth


def write_profile_only(
    persons: int, seed: int, out: Path | str, answer_path: Path | str | None = None
) -> dict[str, int]:
    """Write every export into `out` (all but CRM contacts and shop accounts header-only) and the answer
    key (default `out/_answer_key.csv`); returns row counts per file."""
    rows_of, truth = records(persons, seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for export in EXPORTS:
        rows = rows_of.get(export.identifier, [])
        with (out / f"{export.identifier}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=export.column_names, lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow({column: row.get(column, "") for column in export.column_names})
        counts[export.identifier] = len(rows)
    answer = Path(answer_path) if answer_path else out / "_answer_key.csv"
    answer.parent.mkdir(parents=True, exist_ok=True)
    with answer.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(ANSWER_COLUMNS)
        for record, person in truth.items():
            source, _, record_id = record.partition(":")
            writer.writerow((source, record_id, person))
    counts["answer_key"] = len(truth)
    return counts
