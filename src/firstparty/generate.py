"""Synthetic channel exports with a known truth.

    python -m firstparty.generate --persons N --seed S --out DIR [--format csv|parquet] [--as-of DATE]
    python -m firstparty.generate --demo     # seeds/raw/*.csv, _raw__seeds.yml, evaluation/answer_key.csv

First a population of true persons is simulated (names, emails, phones, address, devices, first-seen
time), then each channel observes some of them and writes its export exactly as `exports.py`
declares it, with the noise real exports carry (see the rate constants below). The answer file
maps every keyed record to the person behind it; only evaluation reads it, never the models.

Persons are generated in chunks of `CHUNK_PERSONS`, each with its own random streams, so memory
stays bounded at any size. Persons are drawn in order in the main process (a global register keeps
emails and phones unique); the channel records of a chunk need nothing from other chunks (record
ids come from the chunk's own id block), so chunks build in `--jobs` worker processes and are
written in order. The same (persons, seed, as-of) always gives the same bytes, whatever --jobs.
Time in the data derives from --as-of only, never from the clock.
"""

from __future__ import annotations

import argparse
import base64
import csv
import datetime as dt
import hashlib
import io
import multiprocessing as mp
import os
import random
import sys
import time
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from firstparty import _names as names
from firstparty import _synth as syn
from firstparty.exports import EXPORTS, Export, by_identifier

DEMO_SEED = 20261129
DEMO_PERSONS = 2_000
DEFAULT_AS_OF = "2026-06-30"
CHUNK_PERSONS = 20_000  # persons per chunk: own random streams, one row group per export
ID_STRIDE = 10_000_000  # record ids of chunk i are allocated from i * ID_STRIDE (so chunks build in parallel)
ANSWER_COLUMNS = ("source_name", "source_record_id", "person_id")

# ---------------------------------------------------------------------------------------------
# Who each channel observes (share of persons unless said otherwise)
# ---------------------------------------------------------------------------------------------
CRM_SHARE = 0.70  # persons with a CRM contact
SHOP_ACCOUNT_SHARE = 0.60  # persons with a shop account
ACCOUNT_BUYER_SHARE = 0.88  # account holders who ever place an order
GUEST_BUYER_SHARE = 0.10  # persons without an account who check out as guests
GUEST_CHECKOUT_RATE = 0.04  # orders by account holders placed as guest checkout
ESP_SHARE = 0.50  # persons subscribed to an email list
ESP_SECOND_LIST_RATE = 0.10  # subscribers on a second list (another subscriber_id)
WEB_SHARE_ACCOUNT = 0.90  # account holders whose browsing is tracked
WEB_SHARE_OTHER = 0.45  # other persons whose browsing is tracked (anonymous visitors)
TRACKED_ORDER_RATE = 0.70  # orders of tracked persons with a web session ending in `purchase`
ADS_SHARE = 0.40  # persons with at least one ad click
CONVERSION_RATE = 0.30  # ad clicks followed by a reported conversion
SERVICE_SHARE = 0.20  # persons with service tickets
LOYALTY_SHARE = 0.30  # loyalty members
WALK_IN_SHARE = 0.05  # non-members with an in-store transaction (no card)
PRIVACY_SHARE = 0.015  # persons with a data subject request
WORK_EMAIL_SHARE = 0.22  # persons with a second (work) email besides the personal one
HOUSEHOLD_PERSON_SHARE = 0.02  # persons in a 3-4 person household that shares one family email

# Repeat purchases, BG/NBD-like: each buyer buys at a personal Poisson rate lambda ~ Gamma(r, alpha)
# (per year) and drops out after any purchase with probability p ~ Beta(a, b).
BGNBD_R, BGNBD_ALPHA = 1.0, 0.3
BGNBD_A, BGNBD_B = 1.2, 4.5

# ---------------------------------------------------------------------------------------------
# Noise rates (each the share of the occurrences its comment names)
# ---------------------------------------------------------------------------------------------
EMAIL_CASE_RATE = 0.10  # email occurrences written in another letter case (John.Smith@Gmail.COM)
EMAIL_SPACE_RATE = 0.04  # email occurrences with leading/trailing spaces
NAME_NICKNAME_RATE = 0.08  # given-name occurrences written as a nickname, when the name has one
NAME_TYPO_RATE = 0.03  # name occurrences (per name column) with a one-character typo
NAME_CASE_RATE = 0.02  # name occurrences written in UPPER or lower case
PLACEHOLDER_EMAIL_RATE = 0.03  # CRM and loyalty-enrolment emails typed as a placeholder (a@a.com)
FAMILY_EMAIL_USE_RATE = 0.70  # household members' CRM/loyalty/service/guest emails that are the family one
CALL_CENTRE_PHONE_RATE = 0.15  # phone tickets carrying the call-centre switchboard number
CRM_DUPLICATE_RATE = 0.05  # CRM persons entered twice (new contact_id, name typo/nickname, same dob+postcode)
CRM_LATE_VERSION_RATE = 0.08  # CRM contacts exported again with a later updated_at and a changed field
CRM_NEWER_FIRST_RATE = 0.70  # of those, the newer version placed before the older one in the file
EXACT_DUPLICATE_RATE = (
    0.01  # rows repeated verbatim (crm, orders, lines, esp/web events, clicks, pos, consent)
)
MALFORMED_RATE = 0.008  # transactional rows with a bad date/amount, unknown code or missing key
MALFORMED_ENTITY_RATE = 0.003  # the same for contacts, customers, subscribers and members
MALFORMED_MIN = 3  # at least this many malformed rows per export and chunk
TS_OFFSET_RATE = 0.06  # timestamps written in local time with a UTC offset (+02:00, -05:00)
TS_NAIVE_RATE = 0.06  # timestamps written 'YYYY-MM-DD HH:MM:SS' without a zone (meaning UTC)
BOOLEAN_VARIANT_RATE = 0.02  # booleans written TRUE/True/1, FALSE/False/0 or left empty
COUNTRY_VARIANT_RATE = 0.35  # country values written other than upper-case ISO-2 (uk, GBR, Deutschland)
POSTCODE_VARIANT_RATE = 0.10  # postcodes in lower case or without their space (sw1a1aa, 1234AB)
CONSENT_LATE_RECORDING_RATE = 0.03  # consent events recorded 30-200 days after the decision
CONSENT_GRANT_RECORDED_LATE_RATE = 0.10  # grant->withdraw pairs whose grant is recorded after the withdrawal
CONSENT_TIE_RATE = 0.04  # withdrawals with the same decided_at as the grant they withdraw
GPC_DEVICE_RATE = 0.07  # browsers/devices that send Global Privacy Control
EMAIL_CLICK_TRACKED_RATE = 0.85  # email clicks whose landing the web analytics records (the rest: blockers)
EMAIL_FORWARD_RATE = 0.01  # tracked email clicks made by somebody the email was forwarded to
BANNER_DECISION_RATE = 0.80  # browsers that answer the cookie banner on their first visit

# Share of values left empty, per export column (on top of values a person does not have).
MISSING: dict[str, float] = {
    "crm_contacts.email": 0.06,
    "crm_contacts.phone": 0.20,
    "crm_contacts.first_name": 0.01,
    "crm_contacts.street_address": 0.10,
    "crm_contacts.postcode": 0.06,
    "crm_contacts.city": 0.08,
    "crm_contacts.country": 0.04,
    "crm_contacts.birth_date": 0.15,
    "crm_contacts.loyalty_id": 0.30,
    "shop_customers.first_name": 0.02,
    "shop_customers.last_name": 0.03,
    "shop_customers.phone": 0.45,
    "shop_customers.country": 0.05,
    "shop_orders.checkout_email": 0.03,
    "esp_subscribers.first_name": 0.45,
    "ads_clicks.anonymous_id": 0.07,
    "ads_conversions.click_id": 0.10,
    "ads_conversions.hashed_email": 0.20,
    "service_tickets.satisfaction_score": 0.45,
    "pos_loyalty_members.email": 0.12,
    "pos_loyalty_members.phone": 0.20,
    "pos_loyalty_members.postcode": 0.10,
    "pos_loyalty_members.last_name": 0.02,
    "privacy_requests.subject_phone": 0.60,
}

# Values written into malformed rows.
BAD_TIMESTAMPS = (
    "2025-13-45T10:00:00Z",
    "not a date",
    "31/02/2025",
    "2025-02-30 25:61:00",
    "0000-00-00",
    "??",
)
BAD_DATES = ("2025-13-45", "31/02/1985", "not a date", "1985-02-30", "19850230")
BAD_AMOUNTS = ("12,5O", "abc", "N/A", "1.2.3", "£12.50", "12 EUR")
BAD_INTEGERS = ("two", "1.5", "-1", "x")
UNKNOWN_CODES: dict[str, tuple[str, ...]] = {
    "currency": ("XXX", "EURO", "$$"),
    "status": ("teleported", "unknown"),
    "event_type": ("teleport", "hover", "purchase!"),
    "contact_channel": ("pigeon", "fax"),
    "purpose": ("mind_reading", "marketing"),
    "decision": ("maybe", "yes please"),
    "channel": ("carrier_pigeon", "telepathy"),
    "subject_type": ("fax", "postal_address"),
    "request_type": ("delete_everything", "rectification"),
    "gpc_enabled": ("maybe", "n/a"),
    "satisfaction_score": ("11", "great", "0"),
}

CURRENCIES = ("GBP", "EUR", "USD")
_CURRENCY_OF_COUNTRY = np.array([CURRENCIES.index(c) for c in names.CURRENCY_BY_COUNTRY])
_FX_FROM_GBP = (1.0, 1.17, 1.27)

# Web event type codes.
PV, PRV, ATC, CS, PUR, LOGIN = range(6)
WEB_EVENT_TYPES = np.array(
    ["page_view", "product_view", "add_to_cart", "checkout_started", "purchase", "login"], dtype=object
)
CALL_CENTRE_NSN = "2079460000"  # +44 20 7946 0000, a switchboard many transferred calls carry


# =============================================================================================
# context shared by all chunks
# =============================================================================================
@dataclass
class Context:
    """Run-wide settings and reference data; the counters and used-identifier sets are the main
    process's register for drawing persons (workers rebuild the rest from the same arguments)."""

    persons: int
    seed: int
    as_of: dt.date
    start: dt.date = field(init=False)
    t_start: int = field(init=False)
    t_end: int = field(init=False)
    clock: syn.Clock = field(init=False)
    counters: dict[str, int] = field(default_factory=dict)
    used_emails: set[str] = field(default_factory=set)
    used_phones: set[str] = field(default_factory=set)
    id_width: int = field(init=False)

    def __post_init__(self) -> None:
        self.start = dt.date(self.as_of.year - 2, 1, 1)
        self.t_start = syn.day_number(self.start) * syn.DAY
        self.t_end = (syn.day_number(self.as_of) + 1) * syn.DAY - 1
        self.clock = syn.Clock(syn.day_number(self.start) - 5 * 366, syn.day_number(self.as_of) + 2)
        self.id_width = max(6, len(str(self.persons)))
        self.used_emails.update(names.PLACEHOLDER_EMAILS)
        self.used_phones.add("+44" + CALL_CENTRE_NSN)
        rng = np.random.default_rng([self.seed, 1_000_003])
        self._catalogue(rng)
        self._campaigns(rng)

    def take(self, counter: str, n: int) -> int:
        """Reserve n consecutive values of a global counter; returns the first."""
        first = self.counters.get(counter, 0)
        self.counters[counter] = first + n
        return first

    def counter_values(self, counter: str, n: int) -> np.ndarray:
        """The next n values (from 1) of a global counter, as uint64."""
        first = self.take(counter, n)
        return np.arange(first + 1, first + n + 1, dtype=np.uint64)

    def _catalogue(self, rng: np.random.Generator) -> None:
        n = 240
        cat = rng.integers(0, len(names.PRODUCT_CATEGORIES), n)
        lo = np.array([p[0] for p in names.CATEGORY_PRICE_PENCE])[cat]
        hi = np.array([p[1] for p in names.CATEGORY_PRICE_PENCE])[cat]
        gbp = (lo + rng.random(n) * (hi - lo)).astype(np.int64) // 100 * 100 + 99
        self.sku = syn.objs(
            [f"{names.PRODUCT_CATEGORIES[c][:3].upper()}-{10000 + i * 37:05d}" for i, c in enumerate(cat)]
        )
        self.sku_category = syn.objs([names.PRODUCT_CATEGORIES[c] for c in cat])
        # price per currency (GBP, EUR, USD) in minor units, ending in .99 / .95
        self.price = np.stack([(gbp * fx).astype(np.int64) // 100 * 100 + 99 for fx in _FX_FROM_GBP])
        weights = 1.0 / (np.arange(n) + 8.0)
        self.sku_weights = weights / weights.sum()

    def _campaigns(self, rng: np.random.Generator) -> None:
        days = np.arange(0, (self.t_end - self.t_start) // syn.DAY - 1, 3.5).astype(np.int64)
        times = self.t_start + days * syn.DAY + 9 * 3600 + rng.integers(0, 3 * 3600, len(days))
        themes = ("newsletter", "sale", "new_in", "back_in_stock", "loyalty", "style_notes")
        days = np.datetime_as_string(times.astype("datetime64[s]"), unit="D")
        self.esp_campaign_time = times
        self.esp_campaign_id = syn.objs(
            [f"cmp_{d.replace('-', '')}_{themes[i % len(themes)]}" for i, d in enumerate(days)]
        )
        self.ad_campaigns = (
            syn.objs([f"gads_{7_300_000_000 + 7919 * k}" for k in range(18)]),
            syn.objs([f"{23_851_000_000_000 + 104_729 * k}" for k in range(14)]),
            syn.objs([f"crt_{4100 + k}" for k in range(6)]),
        )


# =============================================================================================
# persons
# =============================================================================================
@dataclass
class Persons:
    n: int
    pid: np.ndarray  # 'P000123'
    country: np.ndarray
    female: np.ndarray
    first: np.ndarray
    last: np.ndarray
    birth_day: np.ndarray
    street: np.ndarray
    city: np.ndarray
    postcode: np.ndarray
    email: np.ndarray  # personal email, canonical lower case
    work_email: np.ndarray  # '' when none
    family_email: np.ndarray  # '' unless in a household
    household: np.ndarray  # household number within the chunk, -1 when none
    household_head: np.ndarray
    n_phones: np.ndarray
    phone_nsn: np.ndarray  # (n, 2) national significant numbers
    phone_groups: np.ndarray  # (n, 2) digit grouping tuples
    currency: np.ndarray
    t0: np.ndarray  # first seen, epoch seconds
    dev_start: np.ndarray
    dev_count: np.ndarray
    dev_anon: np.ndarray
    dev_type: np.ndarray
    dev_gpc: np.ndarray
    in_crm: np.ndarray
    has_account: np.ndarray
    buyer: np.ndarray
    in_esp: np.ndarray
    in_web: np.ndarray
    in_ads: np.ndarray
    in_service: np.ndarray
    in_loyalty: np.ndarray
    account_at: np.ndarray
    enrolled_at: np.ndarray
    shop_customer_id: np.ndarray  # '' when no account
    loyalty_id: np.ndarray  # '' when not a member


def _zipf_index(rng: np.random.Generator, k: int, n: int, offset: float = 4.0) -> np.ndarray:
    w = 1.0 / (np.arange(k) + offset)
    return rng.choice(k, n, p=w / w.sum())


def _digits(r: random.Random, k: int) -> str:
    return f"{syn.below(r, 10**k):0{k}d}"


def _phone_nsn(country: int, mobile: bool, r: random.Random) -> tuple[str, tuple[int, ...]]:
    """A national significant number and how people group its digits."""
    if country == 0:
        if mobile:
            return "7" + syn.pick(r, "45789") + _digits(r, 8), (4, 6)
        if r.random() < 0.5:
            return "20" + syn.pick(r, "378") + _digits(r, 7), (2, 4, 4)
        return syn.pick(r, ("161", "121", "131", "141", "113", "117")) + _digits(r, 7), (3, 3, 4)
    if country == 1:
        area = syn.pick(
            r, ("212", "617", "312", "213", "713", "206", "305", "720", "404", "207", "973", "860")
        )
        return area + str(2 + syn.below(r, 8)) + _digits(r, 6), (3, 3, 4)
    if country == 2:
        if mobile:
            return "1" + syn.pick(r, ("51", "52", "57", "60", "62", "70", "71", "72", "76", "79")) + _digits(
                r, 8
            ), (3, 8)
        area = syn.pick(r, ("30", "40", "89", "221", "69", "711"))
        return area + _digits(r, 10 - len(area)), (len(area), 10 - len(area))
    if country == 3:
        return syn.pick(r, "67" if mobile else "12345") + _digits(r, 8), (1, 2, 2, 2, 2)
    if country == 4:
        if mobile:
            return "6" + _digits(r, 8), (1, 8)
        return syn.pick(r, ("20", "10", "70", "30")) + _digits(r, 7), (2, 7)
    if mobile:
        return "8" + syn.pick(r, "35679") + _digits(r, 7), (2, 3, 4)
    return "1" + _digits(r, 7), (1, 3, 4)


def _postcode(country: int, prefix: str, r: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    if country == 0:
        return f"{prefix} {1 + syn.below(r, 9)}{syn.pick(r, letters)}{syn.pick(r, letters)}"
    if country in (1, 2, 3):
        return prefix + _digits(r, 5 - len(prefix))
    if country == 4:
        nl_letters = "ABCDEGHJKLMNPRSTVWXZ"
        return f"{prefix}{10 + syn.below(r, 90)} {syn.pick(r, nl_letters)}{syn.pick(r, nl_letters)}"
    chars = "ACDEFHKNPRTVWXY0123456789"
    return f"{prefix} {''.join(syn.pick(r, chars) for _ in range(4))}"


def _street(country: int, r: random.Random) -> str:
    street = syn.pick(r, names.STREETS[country])
    number = str(1 + syn.below(r, 180 if country != 1 else 4999))
    if country in (2, 4) and r.random() < 0.1:
        number += syn.pick(r, "abc")
    return f"{number} {street}" if names.NUMBER_FIRST[country] else f"{street} {number}"


_TOKEN_CACHE: dict[str, str] = {}


def _token(name: str) -> str:
    t = _TOKEN_CACHE.get(name)
    if t is None:
        t = _TOKEN_CACHE[name] = syn.email_token(name) or "x"
    return t


def _unique(candidate: str, used: set[str], r: random.Random) -> str:
    local, _, domain = candidate.partition("@")
    email = candidate
    while email in used:
        email = f"{local}{1 + syn.below(r, 999)}@{domain}"
    used.add(email)
    return email


# Local-part patterns of personal emails and how common each is.
_EMAIL_PATTERNS = (
    "{f}.{ln}", "{f}{ln}", "{f0}{ln}", "{f}_{ln}", "{f0}.{ln}", "{ln}.{f}", "{f}.{ln}{yy:02d}", "{f}{ln}{nn}",
    "{f}{nn}", "{ln}{f0}{nn}", "{f}.{ln}{year}",
)  # fmt: skip
_EMAIL_PATTERN_CUM = tuple(np.cumsum((14, 8, 8, 3, 5, 3, 8, 10, 6, 5, 4)).tolist())


def _personal_email(first: str, last: str, birth_year: int, country: int, r: random.Random) -> str:
    f, ln = _token(first), _token(last)
    pattern = r.choices(_EMAIL_PATTERNS, cum_weights=_EMAIL_PATTERN_CUM)[0]
    local = pattern.format(f=f, f0=f[0], ln=ln, yy=birth_year % 100, nn=1 + syn.below(r, 99), year=birth_year)
    return f"{local}@{syn.pick(r, names.PERSONAL_DOMAINS[country])}"


def make_persons(
    ctx: Context, rng: np.random.Generator, r: random.Random, first_index: int, n: int
) -> Persons:
    country = rng.choice(len(names.COUNTRIES), n, p=np.array(names.COUNTRY_WEIGHTS))
    female = rng.random(n) < 0.51

    # households: groups of 3-4 persons sharing address, surname (mostly) and a family email
    household = np.full(n, -1, dtype=np.int64)
    household_head = np.zeros(n, dtype=bool)
    target = int(rng.binomial(n, HOUSEHOLD_PERSON_SHARE))
    sizes: list[int] = []
    while sum(sizes) < target:
        sizes.append(int(rng.integers(3, 5)))
    members = rng.permutation(n)[: sum(sizes)] if sizes else np.zeros(0, dtype=np.int64)
    heads = []
    at = 0
    for h, size in enumerate(sizes):
        group = members[at : at + size]
        at += size
        household[group] = h
        household_head[group[0]] = True
        heads.append(group[0])
        country[group] = country[group[0]]
    head_of = np.full(n, -1, dtype=np.int64)
    for h, head in enumerate(heads):
        head_of[household == h] = head

    first = np.empty(n, dtype=object)
    last = np.empty(n, dtype=object)
    for c in range(len(names.COUNTRIES)):
        for fem, pool in ((False, names.FIRST_NAMES_MALE[c]), (True, names.FIRST_NAMES_FEMALE[c])):
            m = np.flatnonzero((country == c) & (female == fem))
            first[m] = syn.objs(pool)[_zipf_index(rng, len(pool), len(m))]
        m = np.flatnonzero(country == c)
        last[m] = syn.objs(names.LAST_NAMES[c])[_zipf_index(rng, len(names.LAST_NAMES[c]), len(m), 6.0)]
    in_hh = np.flatnonzero(household >= 0)
    share_surname = in_hh[rng.random(len(in_hh)) < 0.85]
    last[share_surname] = last[head_of[share_surname]]

    as_of_day = syn.day_number(ctx.as_of)
    age_days = ((18 + 64 * rng.beta(2.0, 2.6, n)) * 365.25).astype(np.int64)
    kids = in_hh[~household_head[in_hh] & (rng.random(len(in_hh)) < 0.6)]
    age_days[kids] = ((16 + 9 * rng.random(len(kids))) * 365.25).astype(np.int64)
    birth_day = as_of_day - age_days
    birth_year = (birth_day.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970).tolist()

    street = np.empty(n, dtype=object)
    city = np.empty(n, dtype=object)
    postcode = np.empty(n, dtype=object)
    city_pick = rng.random(n)
    for i in range(n):
        c = int(country[i])
        cities = names.CITIES[c]
        k = min(int(len(cities) * city_pick[i] ** 1.6), len(cities) - 1)
        name, prefixes = cities[k]
        city[i] = name
        postcode[i] = _postcode(c, syn.pick(r, prefixes), r)
        street[i] = _street(c, r)
    if len(in_hh):
        street[in_hh] = street[head_of[in_hh]]
        city[in_hh] = city[head_of[in_hh]]
        postcode[in_hh] = postcode[head_of[in_hh]]

    used = ctx.used_emails
    email = np.empty(n, dtype=object)
    work_email = syn.blanks(n)
    family_email = syn.blanks(n)
    has_work = rng.random(n) < WORK_EMAIL_SHARE
    for i in range(n):
        c = int(country[i])
        email[i] = _unique(_personal_email(first[i], last[i], birth_year[i], c, r), used, r)
        if has_work[i]:
            f, ln = _token(first[i]), _token(last[i])
            local = r.choice((f"{f}.{ln}", f"{f[0]}{ln}", f"{f}.{ln[0]}", f"{f}"))
            work_email[i] = _unique(f"{local}@{r.choice(names.WORK_DOMAINS[c])}", used, r)
    for head in heads:
        ln = _token(last[head])
        local = r.choice((f"{ln}family", f"the{ln}s", f"{ln}.household", f"{ln}home", f"family.{ln}"))
        fam = _unique(f"{local}@{r.choice(names.PERSONAL_DOMAINS[int(country[head])])}", used, r)
        family_email[household == household[head]] = fam

    n_phones = rng.choice(3, n, p=[0.15, 0.60, 0.25])
    phone_nsn = np.empty((n, 2), dtype=object)
    phone_nsn[:] = ""
    phone_groups = np.empty((n, 2), dtype=object)
    mobile_first = rng.random(n) < 0.8
    for i in np.flatnonzero(n_phones > 0):
        c = int(country[i])
        for k in range(int(n_phones[i])):
            mobile = bool(mobile_first[i]) if k == 0 else not mobile_first[i]
            while True:
                nsn, groups = _phone_nsn(c, mobile, r)
                e164 = "+" + names.CALLING_CODES[c] + nsn
                if e164 not in ctx.used_phones:
                    ctx.used_phones.add(e164)
                    break
            phone_nsn[i, k] = nsn
            phone_groups[i, k] = groups

    t0 = ctx.t_start + (rng.random(n) * (ctx.t_end - 21 * syn.DAY - ctx.t_start)).astype(np.int64)

    dev_count = rng.choice([1, 2, 3], n, p=[0.45, 0.35, 0.20])
    dev_start = np.concatenate([[0], np.cumsum(dev_count)[:-1]]).astype(np.int64)
    n_dev = int(dev_count.sum())
    dev_anon = syn.uuid_like(ctx.counter_values("device", n_dev), ctx.seed ^ 0xA11CE)
    dev_type = syn.objs(["mobile", "desktop", "tablet", "app"])[
        rng.choice(4, n_dev, p=[0.48, 0.34, 0.08, 0.10])
    ]
    dev_gpc = (rng.random(n_dev) < GPC_DEVICE_RATE) & (dev_type != "app")

    u = rng.random((8, n))
    has_account = u[1] < SHOP_ACCOUNT_SHARE
    buyer = np.where(has_account, u[2] < ACCOUNT_BUYER_SHARE, u[2] < GUEST_BUYER_SHARE)
    in_web = np.where(has_account, u[4] < WEB_SHARE_ACCOUNT, u[4] < WEB_SHARE_OTHER)
    in_loyalty = u[7] < LOYALTY_SHARE
    account_at = np.minimum(t0 + rng.exponential(10 * syn.DAY, n).astype(np.int64), ctx.t_end - syn.DAY)
    enrolled_at = syn.random_times(rng, t0, np.full(n, ctx.t_end - syn.DAY))

    shop_customer_id = syn.blanks(n)
    acc = np.flatnonzero(has_account)
    acc = acc[np.argsort(account_at[acc], kind="stable")]
    first_id = ctx.take("shop_customer", len(acc))
    shop_customer_id[acc] = syn.seq_ids("{}", 1_000_001 + first_id, len(acc))
    loyalty_id = syn.blanks(n)
    mem = np.flatnonzero(in_loyalty)
    mem = mem[np.argsort(enrolled_at[mem], kind="stable")]
    first_id = ctx.take("loyalty", len(mem))
    loyalty_id[mem] = syn.seq_ids("00{:011d}", 40_000_000_001 + first_id, len(mem))

    pid_fmt = "P{:0" + str(ctx.id_width) + "d}"
    return Persons(
        n=n,
        pid=syn.seq_ids(pid_fmt, first_index + 1, n),
        country=country,
        female=female,
        first=first,
        last=last,
        birth_day=birth_day,
        street=street,
        city=city,
        postcode=postcode,
        email=email,
        work_email=work_email,
        family_email=family_email,
        household=household,
        household_head=household_head,
        n_phones=n_phones,
        phone_nsn=phone_nsn,
        phone_groups=phone_groups,
        currency=_CURRENCY_OF_COUNTRY[country],
        t0=t0,
        dev_start=dev_start,
        dev_count=dev_count,
        dev_anon=dev_anon,
        dev_type=dev_type,
        dev_gpc=dev_gpc,
        in_crm=u[0] < CRM_SHARE,
        has_account=has_account,
        buyer=buyer,
        in_esp=u[3] < ESP_SHARE,
        in_web=in_web,
        in_ads=u[5] < ADS_SHARE,
        in_service=u[6] < SERVICE_SHARE,
        in_loyalty=in_loyalty,
        account_at=account_at,
        enrolled_at=enrolled_at,
        shop_customer_id=shop_customer_id,
        loyalty_id=loyalty_id,
    )


# =============================================================================================
# a table under construction
# =============================================================================================
@dataclass
class Table:
    export: Export
    cols: dict[str, np.ndarray]
    person: np.ndarray  # chunk-local person index per row
    order: np.ndarray  # file position key (float); rows are written in this order
    malformed: np.ndarray = field(default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if list(self.cols) != self.export.column_names:
            raise ValueError(f"{self.export.identifier}: columns {list(self.cols)} differ from exports.py")
        n = len(self.person)
        for name, col in self.cols.items():
            if len(col) != n or col.dtype != object:
                raise ValueError(f"{self.export.identifier}.{name}: bad column")
        self.order = np.asarray(self.order, dtype=np.float64)
        if self.malformed is None:
            self.malformed = np.zeros(n, dtype=bool)

    def __len__(self) -> int:
        return len(self.person)

    def take(self, idx: np.ndarray) -> Table:
        return Table(
            self.export,
            {k: v[idx] for k, v in self.cols.items()},
            self.person[idx],
            self.order[idx],
            self.malformed[idx],
        )

    def append(self, other: Table) -> Table:
        return Table(
            self.export,
            {k: np.concatenate([v, other.cols[k]]) for k, v in self.cols.items()},
            np.concatenate([self.person, other.person]),
            np.concatenate([self.order, other.order]),
            np.concatenate([self.malformed, other.malformed]),
        )

    def in_file_order(self) -> Table:
        return self.take(np.argsort(self.order, kind="stable"))


EXPORT = by_identifier()


def _table(identifier: str, person: np.ndarray, order: np.ndarray, **cols: np.ndarray) -> Table:
    export = EXPORT[identifier]
    return Table(export, {c: cols[c] for c in export.column_names}, np.asarray(person, dtype=np.int64), order)


# =============================================================================================
# one chunk of persons and everything the channels saw of them
# =============================================================================================
def persons_of_chunk(ctx: Context, index: int, first_index: int, n: int) -> Persons:
    """The persons of one chunk. Runs in order in the main process: emails and phones stay unique."""
    rng = np.random.default_rng([ctx.seed, index, 0])
    return make_persons(ctx, rng, random.Random(int(rng.integers(0, 2**62))), first_index, n)


class Chunk:
    """Everything the channels saw of one chunk of persons; needs no state shared with other chunks."""

    def __init__(self, ctx: Context, index: int, persons: Persons):
        self.ctx = ctx
        self.index = index
        self.rng = np.random.default_rng([ctx.seed, index, 1])
        self.r = random.Random(int(self.rng.integers(0, 2**62)))
        self.P = persons
        self.tables: dict[str, Table] = {}
        self.counters: dict[str, int] = {}
        self.bad_values_used: Counter[str] = Counter()

    # -- helpers ------------------------------------------------------------------------------
    def ts(self, secs: np.ndarray, person: np.ndarray) -> np.ndarray:
        secs = np.clip(np.asarray(secs, dtype=np.int64), self.ctx.t_start - 5 * 365 * syn.DAY, self.ctx.t_end)
        return self.ctx.clock.mixed(self.rng, secs, self.P.country[person], TS_OFFSET_RATE, TS_NAIVE_RATE)

    def missing(self, col: np.ndarray, key: str) -> np.ndarray:
        out = col.copy()
        out[self.rng.random(len(col)) < MISSING[key]] = ""
        return out

    def pick_email(
        self, person: np.ndarray, work: float, family: float, placeholder: float = 0.0
    ) -> np.ndarray:
        """Canonical email a channel holds for each row's person."""
        P = self.P
        u = self.rng.random((3, len(person)))
        out = P.email[person].copy()
        use_work = (u[0] < work) & (P.work_email[person] != "")
        out[use_work] = P.work_email[person][use_work]
        use_family = (u[1] < family) & (P.family_email[person] != "")
        out[use_family] = P.family_email[person][use_family]
        use_placeholder = u[2] < placeholder
        if use_placeholder.any():
            out[use_placeholder] = syn.objs(names.PLACEHOLDER_EMAILS)[
                self.rng.integers(0, len(names.PLACEHOLDER_EMAILS), int(use_placeholder.sum()))
            ]
        return out

    def email_noise(self, emails: np.ndarray) -> np.ndarray:
        out = emails.copy()
        u = self.rng.random((2, len(out)))
        for i in np.flatnonzero(u[0] < EMAIL_CASE_RATE):
            if out[i]:
                out[i] = syn.email_case_variant(out[i], self.r)
        for i in np.flatnonzero(u[1] < EMAIL_SPACE_RATE):
            out[i] = syn.space_variant(out[i], self.r)
        return out

    def first_names(self, person: np.ndarray, nickname_rate: float = NAME_NICKNAME_RATE) -> np.ndarray:
        out = self.P.first[person].copy()
        u = self.rng.random(len(out))
        for i in np.flatnonzero(u < nickname_rate):
            nick = names.NICKNAMES.get(out[i])
            if nick:
                out[i] = self.r.choice(nick)
        return self._name_noise(out)

    def last_names(self, person: np.ndarray) -> np.ndarray:
        return self._name_noise(self.P.last[person].copy())

    def _name_noise(self, out: np.ndarray) -> np.ndarray:
        u = self.rng.random((2, len(out)))
        for i in np.flatnonzero(u[0] < NAME_TYPO_RATE):
            out[i] = syn.typo(out[i], self.r)
        for i in np.flatnonzero(u[1] < NAME_CASE_RATE):
            out[i] = out[i].upper() if self.r.random() < 0.6 else out[i].lower()
        return out

    def phones(self, person: np.ndarray, second: float = 0.2) -> np.ndarray:
        """A formatted phone of each row's person ('' when they have none)."""
        P = self.P
        out = syn.blanks(len(person))
        u = self.rng.random(len(person))
        for i, p in enumerate(person):
            k = int(P.n_phones[p])
            if k == 0:
                continue
            j = 1 if (k == 2 and u[i] < second) else 0
            out[i] = syn.format_phone(int(P.country[p]), P.phone_nsn[p, j], P.phone_groups[p, j], self.r)
        return out

    def call_centre_phone(self) -> str:
        return syn.format_phone(0, CALL_CENTRE_NSN, (2, 4, 4), self.r)

    def countries(self, person: np.ndarray) -> np.ndarray:
        c = self.P.country[person]
        out = syn.objs(names.COUNTRIES)[c]
        for i in np.flatnonzero(self.rng.random(len(c)) < COUNTRY_VARIANT_RATE):
            out[i] = self.r.choice(names.COUNTRY_SPELLINGS[int(c[i])][1:])
        return out

    def postcodes(self, person: np.ndarray) -> np.ndarray:
        out = self.P.postcode[person].copy()
        for i in np.flatnonzero(self.rng.random(len(out)) < POSTCODE_VARIANT_RATE):
            out[i] = out[i].replace(" ", "") if self.r.random() < 0.5 else out[i].lower()
        return out

    def device(self, person: np.ndarray) -> np.ndarray:
        P = self.P
        return P.dev_start[person] + (self.rng.random(len(person)) * P.dev_count[person]).astype(np.int64)

    def times_after(self, lo: np.ndarray, end_margin: int = 0) -> np.ndarray:
        hi = np.full(len(lo), self.ctx.t_end - end_margin, dtype=np.int64)
        return syn.random_times(self.rng, np.minimum(lo, hi), hi)

    def _take(self, counter: str, n: int) -> int:
        first = self.counters.get(counter, 0)
        if first + n >= ID_STRIDE:
            raise ValueError(f"more than {ID_STRIDE} {counter} records in one chunk")
        self.counters[counter] = first + n
        return self.index * ID_STRIDE + first

    def counter_values(self, counter: str, n: int) -> np.ndarray:
        """n fresh values of a per-chunk counter (unique across chunks), as uint64."""
        first = self._take(counter, n)
        return np.arange(first + 1, first + n + 1, dtype=np.uint64)

    def ids(self, counter: str, fmt: str, n: int, base: int = 1) -> np.ndarray:
        """Sequential ids (in the order rows are passed: the builders pass them in time order)."""
        return syn.seq_ids(fmt, base + self._take(counter, n), n)

    def hex_ids(self, counter: str, n: int, salt: int) -> np.ndarray:
        return syn.hex16(syn.mix64(self.counter_values(counter, n), self.ctx.seed ^ salt))

    # -- build everything -----------------------------------------------------------------------
    def build(self) -> dict[str, Table]:
        self.build_shop()
        self.build_crm()
        self.build_esp()
        self.build_ads()
        self.build_web()
        self.build_service()
        self.build_pos()
        self.build_consent()
        self.build_privacy()
        for identifier, (rate, spec, dup) in NOISE_PLAN.items():
            t = self.tables[identifier]
            t = corrupt(self, t, rate, spec)
            if dup:
                t = duplicate_rows(self.rng, t, EXACT_DUPLICATE_RATE)
            self.tables[identifier] = t.in_file_order()
        return {e.identifier: self.tables[e.identifier] for e in EXPORTS}

    # -- shop ------------------------------------------------------------------------------------
    def build_shop(self) -> None:
        ctx, P, rng = self.ctx, self.P, self.rng
        acc = np.flatnonzero(P.has_account)
        acc = acc[np.argsort(P.account_at[acc], kind="stable")]
        account_email = self.pick_email(acc, work=0.15, family=0.0)
        head_family = P.household_head[acc] & (rng.random(len(acc)) < 0.5)
        account_email[head_family] = P.family_email[acc][head_family]
        self.account_email = dict(zip(acc.tolist(), account_email.tolist(), strict=True))
        self.tables["shop_customers"] = _table(
            "shop_customers",
            acc,
            P.account_at[acc],
            shop_customer_id=P.shop_customer_id[acc],
            email=self.email_noise(account_email),
            first_name=self.missing(self.first_names(acc), "shop_customers.first_name"),
            last_name=self.missing(self.last_names(acc), "shop_customers.last_name"),
            phone=self.missing(self.phones(acc), "shop_customers.phone"),
            country=self.missing(self.countries(acc), "shop_customers.country"),
            created_at=self.ts(P.account_at[acc], acc),
        )

        # orders: BG/NBD-like repeat buying
        b = np.flatnonzero(P.buyer)
        at_signup = rng.random(len(b)) < 0.6
        first_buy = np.where(
            P.has_account[b],
            P.account_at[b]
            + np.where(at_signup, rng.integers(60, 1800, len(b)), rng.exponential(20 * syn.DAY, len(b))),
            P.t0[b] + rng.exponential(30 * syn.DAY, len(b)),
        ).astype(np.int64)
        lam = rng.gamma(BGNBD_R, 1.0 / BGNBD_ALPHA, len(b)) / (365.25 * syn.DAY)  # purchases per second
        drop = rng.beta(BGNBD_A, BGNBD_B, len(b))
        buyers, times = [], []
        t = first_buy.copy()
        idx = np.flatnonzero(t <= ctx.t_end)
        for _ in range(400):
            if not len(idx):
                break
            buyers.append(idx)
            times.append(t[idx].copy())
            idx = idx[rng.random(len(idx)) >= drop[idx]]
            t[idx] += (rng.exponential(1.0, len(idx)) / lam[idx]).astype(np.int64) + 3600
            idx = idx[t[idx] <= ctx.t_end]
        o_person = b[np.concatenate(buyers)] if buyers else np.zeros(0, dtype=np.int64)
        o_time = np.concatenate(times) if times else np.zeros(0, dtype=np.int64)
        o_time = np.maximum(o_time, P.t0[o_person])
        srt = np.argsort(o_time, kind="stable")
        o_person, o_time = o_person[srt], o_time[srt]
        n_o = len(o_person)
        o_guest = ~P.has_account[o_person] | (rng.random(n_o) < GUEST_CHECKOUT_RATE)
        o_currency = P.currency[o_person].copy()
        other = rng.random(n_o) < 0.02
        o_currency[other] = rng.integers(0, 3, int(other.sum()))

        # lines
        n_lines = rng.choice([1, 2, 3, 4], n_o, p=[0.45, 0.30, 0.15, 0.10])
        line_order = np.repeat(np.arange(n_o), n_lines)
        line_start = np.concatenate([[0], np.cumsum(n_lines)[:-1]]).astype(np.int64)
        line_no = np.arange(len(line_order)) - line_start[line_order] + 1
        sku = rng.choice(len(ctx.sku), len(line_order), p=ctx.sku_weights)
        qty = rng.choice([1, 2, 3], len(line_order), p=[0.82, 0.13, 0.05])
        unit = ctx.price[o_currency[line_order], sku]
        line_total = qty * unit
        total = np.bincount(line_order, weights=line_total, minlength=n_o).astype(np.int64)

        order_id = self.ids("order", "SO-{:08d}", n_o, base=100_001)
        age = ctx.t_end - o_time
        status = np.where(
            age < 2 * syn.DAY, "placed", np.where(age < 6 * syn.DAY, "shipped", "delivered")
        ).astype(object)
        cancelled = rng.random(n_o) < 0.03
        status[cancelled] = "cancelled"

        acct_mail = np.array([self.account_email.get(p, "") for p in o_person.tolist()], dtype=object)
        checkout = self.pick_email(o_person, work=0.1, family=FAMILY_EMAIL_USE_RATE * 0.5)
        use_acct = ~o_guest & (rng.random(n_o) < 0.9)
        checkout[use_acct] = acct_mail[use_acct]
        self.orders = dict(
            person=o_person,
            time=o_time,
            currency=o_currency,
            total=total,
            guest=o_guest,
            id=order_id,
            line_start=line_start,
            n_lines=n_lines,
            sku=sku,
        )
        self.tables["shop_orders"] = _table(
            "shop_orders",
            o_person,
            o_time,
            order_id=order_id,
            shop_customer_id=np.where(o_guest, "", P.shop_customer_id[o_person]).astype(object),
            checkout_email=self.missing(self.email_noise(checkout), "shop_orders.checkout_email"),
            currency=syn.objs(CURRENCIES)[o_currency],
            total_amount=syn.money(total),
            status=status,
            ordered_at=self.ts(o_time, o_person),
        )
        line_ids = order_id[line_order] + "-" + syn.ints(line_no)
        self.tables["shop_order_lines"] = _table(
            "shop_order_lines",
            o_person[line_order],
            o_time[line_order] + line_no * 1e-3,
            order_line_id=line_ids,
            order_id=order_id[line_order],
            product_sku=ctx.sku[sku],
            product_category=ctx.sku_category[sku],
            quantity=syn.ints(qty),
            unit_price=syn.money(unit),
        )

        # refunds
        ref = np.flatnonzero((rng.random(n_o) < 0.065) | (cancelled & (rng.random(n_o) < 0.8)))
        r_time = o_time[ref] + rng.integers(2 * syn.DAY, 40 * syn.DAY, len(ref))
        keep = r_time <= ctx.t_end
        ref, r_time = ref[keep], r_time[keep]
        full = cancelled[ref] | (rng.random(len(ref)) < 0.35)
        pick_line = line_start[ref] + (rng.random(len(ref)) * n_lines[ref]).astype(np.int64)
        partial = np.maximum(line_total[pick_line] // np.where(rng.random(len(ref)) < 0.5, 1, 2), 1)
        amount = np.where(full, total[ref], np.minimum(partial, total[ref]))
        srt = np.argsort(r_time, kind="stable")
        ref, r_time, amount = ref[srt], r_time[srt], amount[srt]
        reasons = syn.objs(names.REFUND_REASONS)[rng.integers(0, len(names.REFUND_REASONS), len(ref))]
        reasons[cancelled[ref]] = "cancelled"
        self.tables["shop_refunds"] = _table(
            "shop_refunds",
            o_person[ref],
            r_time,
            refund_id=self.ids("refund", "RF-{:07d}", len(ref)),
            order_id=order_id[ref],
            currency=syn.objs(CURRENCIES)[o_currency[ref]],
            refund_amount=syn.money(amount),
            reason=reasons,
            refunded_at=self.ts(r_time, o_person[ref]),
        )

    # -- crm -------------------------------------------------------------------------------------
    def build_crm(self) -> None:
        ctx, P, rng, r = self.ctx, self.P, self.rng, self.r
        p = np.flatnonzero(P.in_crm)
        n = len(p)
        legacy = rng.random(n) < 0.4
        created = np.where(
            legacy,
            P.t0[p] - rng.integers(0, 900 * syn.DAY, n),
            P.t0[p] + rng.integers(0, 30 * syn.DAY, n),
        )
        created = np.minimum(created, ctx.t_end - syn.DAY)
        updated = created + (rng.random(n) ** 2 * (ctx.t_end - created)).astype(np.int64)

        dup = rng.random(n) < CRM_DUPLICATE_RATE  # the persons entered twice
        email = self.pick_email(p, work=0.3, family=FAMILY_EMAIL_USE_RATE, placeholder=PLACEHOLDER_EMAIL_RATE)
        email = self.missing(self.email_noise(email), "crm_contacts.email")
        phone = self.missing(self.phones(p), "crm_contacts.phone")
        first = self.missing(self.first_names(p), "crm_contacts.first_name")
        last = self.last_names(p)
        postcode = self.missing(self.postcodes(p), "crm_contacts.postcode")
        birth = self.missing(ctx.clock.date(P.birth_day[p]), "crm_contacts.birth_date")
        # the fuzzy-match target: both copies of a duplicated person keep birth date and postcode
        postcode[dup] = P.postcode[p[dup]]
        birth[dup] = ctx.clock.date(P.birth_day[p[dup]])
        base = dict(
            email=email,
            phone=phone,
            first_name=first,
            last_name=last,
            street_address=self.missing(P.street[p], "crm_contacts.street_address"),
            postcode=postcode,
            city=self.missing(P.city[p], "crm_contacts.city"),
            country=self.missing(self.countries(p), "crm_contacts.country"),
            birth_date=birth,
            loyalty_id=self.missing(P.loyalty_id[p], "crm_contacts.loyalty_id"),
        )

        # second entries of the duplicated persons
        d = np.flatnonzero(dup)
        dp = p[d]
        d_created = np.minimum(
            created[d] + rng.integers(20 * syn.DAY, 400 * syn.DAY, len(d)), ctx.t_end - syn.DAY
        )
        d_updated = d_created + (rng.random(len(d)) * (ctx.t_end - d_created)).astype(np.int64)
        d_first = self.first_names(dp, nickname_rate=0.6)
        for i in range(len(d)):  # force a visible difference in the name
            if d_first[i] == P.first[dp[i]]:
                d_first[i] = syn.typo(d_first[i], r)
        d_last = self.last_names(dp)
        u = rng.random((2, len(d)))
        d_email = self.email_noise(self.pick_email(dp, work=0.5, family=0.0))
        d_email[u[0] < 0.4] = email[d][u[0] < 0.4]
        d_email[u[0] > 0.7] = ""
        d_phone = self.phones(dp, second=0.5)
        d_phone[u[1] < 0.4] = phone[d][u[1] < 0.4]
        d_phone[u[1] > 0.7] = ""
        dup_rows = dict(
            email=d_email,
            phone=d_phone,
            first_name=d_first,
            last_name=d_last,
            street_address=np.where(rng.random(len(d)) < 0.5, P.street[dp], "").astype(object),
            postcode=P.postcode[dp],
            city=P.city[dp],
            country=self.countries(dp),
            birth_date=ctx.clock.date(P.birth_day[dp]),
            loyalty_id=np.where(rng.random(len(d)) < 0.3, P.loyalty_id[dp], "").astype(object),
        )
        all_person = np.concatenate([p, dp])
        all_created = np.concatenate([created, d_created])
        all_updated = np.concatenate([updated, d_updated])
        cols = {k: np.concatenate([base[k], dup_rows[k]]) for k in base}
        srt = np.argsort(all_created, kind="stable")
        all_person, all_created, all_updated = all_person[srt], all_created[srt], all_updated[srt]
        cols = {k: v[srt] for k, v in cols.items()}
        contact_id = self.ids("contact", "C{:07d}", len(all_person))
        t = _table(
            "crm_contacts",
            all_person,
            np.arange(len(all_person)),
            contact_id=contact_id,
            **cols,
            created_at=self.ts(all_created, all_person),
            updated_at=self.ts(all_updated, all_person),
        )

        # late-arriving versions: same contact_id, later updated_at, one field changed
        v = np.flatnonzero(
            (rng.random(len(t)) < CRM_LATE_VERSION_RATE) & (all_updated < ctx.t_end - 2 * syn.DAY)
        )
        newer = t.take(v)
        v_updated = (
            all_updated[v] + (rng.random(len(v)) * (ctx.t_end - all_updated[v])).astype(np.int64) + 3600
        )
        v_updated = np.minimum(v_updated, ctx.t_end)
        newer.cols["updated_at"] = self.ts(v_updated, newer.person)
        change = rng.integers(0, 4, len(v))
        vp = newer.person
        for i in range(len(v)):
            if change[i] == 0:
                newer.cols["phone"][i] = self.phones(vp[i : i + 1], second=0.5)[0]
            elif change[i] == 1:
                newer.cols["email"][i] = self.email_noise(self.pick_email(vp[i : i + 1], 0.5, 0.0))[0]
            elif change[i] == 2:
                newer.cols["street_address"][i] = P.street[vp[i]]
                newer.cols["city"][i] = P.city[vp[i]]
            else:
                newer.cols["first_name"][i] = P.first[vp[i]]
                newer.cols["last_name"][i] = P.last[vp[i]]
        first_in_file = rng.random(len(v)) < CRM_NEWER_FIRST_RATE
        newer.order = np.where(first_in_file, v - 0.5, len(t) + rng.random(len(v)) * len(t) * 0.1)
        self.tables["crm_contacts"] = t.append(newer)

    # -- esp -------------------------------------------------------------------------------------
    def build_esp(self) -> None:
        ctx, P, rng = self.ctx, self.P, self.rng
        p = np.flatnonzero(P.in_esp)
        second = p[rng.random(len(p)) < ESP_SECOND_LIST_RATE]
        sp = np.concatenate([p, second])
        n = len(sp)
        sub_at = self.times_after(P.t0[sp] + rng.integers(0, 60 * syn.DAY, n), end_margin=2 * syn.DAY)
        srt = np.argsort(sub_at, kind="stable")
        sp, sub_at = sp[srt], sub_at[srt]
        is_second = srt >= len(p)
        list_idx = np.where(is_second, rng.integers(1, 3, n), rng.choice(3, n, p=[0.7, 0.2, 0.1]))
        email_canon = self.pick_email(sp, work=np.where(is_second, 0.6, 0.3), family=0.0)
        email_text = self.email_noise(email_canon)
        status = rng.choice(3, n, p=[0.85, 0.10, 0.05])  # subscribed, unsubscribed, cleaned
        end_at = np.where(
            status == 0,
            ctx.t_end,
            sub_at + (rng.random(n) * (ctx.t_end - sub_at)).astype(np.int64),
        )
        sub_id = self.hex_ids("subscriber", n, 0x5B5)
        self.tables["esp_subscribers"] = _table(
            "esp_subscribers",
            sp,
            sub_at,
            subscriber_id=sub_id,
            email=email_text,
            first_name=self.missing(self.first_names(sp), "esp_subscribers.first_name"),
            list_name=syn.objs(names.ESP_LISTS)[list_idx],
            status=syn.objs(["subscribed", "unsubscribed", "cleaned"])[status],
            subscribed_at=self.ts(sub_at, sp),
        )

        # events: sends of campaigns between subscribing and leaving, opens, clicks, unsubscribes, bounces
        camp_t = ctx.esp_campaign_time
        lo = np.searchsorted(camp_t, sub_at, side="right")
        hi = np.searchsorted(camp_t, end_at, side="left")
        avail = np.maximum(hi - lo, 0)
        k = np.minimum(rng.poisson(6.4, n), avail)
        s_sub = np.repeat(np.arange(n), k)
        s_camp = lo[s_sub] + (rng.random(len(s_sub)) * avail[s_sub]).astype(np.int64)
        pair = np.unique(s_sub.astype(np.int64) * len(camp_t) + s_camp)
        s_sub, s_camp = pair // len(camp_t), pair % len(camp_t)
        s_time = camp_t[s_camp] + rng.integers(0, 2 * 3600, len(s_sub))
        opened = rng.random(len(s_sub)) < 0.42
        o_sub, o_camp = s_sub[opened], s_camp[opened]
        o_time = s_time[opened] + rng.exponential(5 * 3600, len(o_sub)).astype(np.int64) + 30
        clicked = rng.random(len(o_sub)) < 0.28
        c_sub, c_camp = o_sub[clicked], o_camp[clicked]
        c_time = o_time[clicked] + rng.exponential(180, len(c_sub)).astype(np.int64) + 5
        leave = np.flatnonzero(status > 0)
        l_camp = np.clip(hi[leave] - 1, 0, len(camp_t) - 1)
        ev_sub = np.concatenate([s_sub, o_sub, c_sub, leave])
        ev_camp = np.concatenate([s_camp, o_camp, c_camp, l_camp])
        ev_time = np.concatenate([s_time, o_time, c_time, end_at[leave]])
        ev_type = np.concatenate(
            [
                np.full(len(s_sub), 0),
                np.full(len(o_sub), 1),
                np.full(len(c_sub), 2),
                np.where(status[leave] == 1, 3, 4),
            ]
        )
        keep = ev_time <= ctx.t_end
        ev_sub, ev_camp, ev_time, ev_type = ev_sub[keep], ev_camp[keep], ev_time[keep], ev_type[keep]
        srt = np.argsort(ev_time, kind="stable")
        ev_sub, ev_camp, ev_time, ev_type = ev_sub[srt], ev_camp[srt], ev_time[srt], ev_type[srt]
        ev_email = email_text[ev_sub].copy()
        lower = rng.random(len(ev_sub)) < 0.25  # the platform's own log often holds the normalised form
        ev_email[lower] = email_canon[ev_sub][lower]
        self.tables["esp_events"] = _table(
            "esp_events",
            sp[ev_sub],
            ev_time,
            event_id=self.hex_ids("esp_event", len(ev_sub), 0xE5E),
            subscriber_id=sub_id[ev_sub],
            email=ev_email,
            campaign_id=ctx.esp_campaign_id[ev_camp],
            event_type=syn.objs(["send", "open", "click", "unsubscribe", "bounce"])[ev_type],
            occurred_at=self.ts(ev_time, sp[ev_sub]),
        )
        unsub = ev_type == 3
        self.esp_unsubscribes = (sp[ev_sub][unsub], email_text[ev_sub][unsub], ev_time[unsub])
        click = ev_type == 2
        self.esp_clicks = dict(
            person=sp[ev_sub][click],
            time=ev_time[click],
            subscriber_id=sub_id[ev_sub][click],
            campaign=ctx.esp_campaign_id[ev_camp][click],
        )

    # -- ads -------------------------------------------------------------------------------------
    def build_ads(self) -> None:
        ctx, P, rng = self.ctx, self.P, self.rng
        p = np.flatnonzero(P.in_ads)
        cp = np.repeat(p, 1 + rng.poisson(0.5, len(p)))
        n = len(cp)
        c_time = self.times_after(P.t0[cp], end_margin=60)
        srt = np.argsort(c_time, kind="stable")
        cp, c_time = cp[srt], c_time[srt]
        device = self.device(cp)
        platform = rng.choice(3, n, p=[0.55, 0.35, 0.10])
        campaign = np.empty(n, dtype=object)
        for k, pool in enumerate(ctx.ad_campaigns):
            m = platform == k
            campaign[m] = pool[rng.integers(0, len(pool), int(m.sum()))]
        raw = syn.mix64(self.counter_values("click", n), ctx.seed ^ 0xC11C)
        tail = syn.mix64(raw, 0x7A11)
        click_id = np.empty(n, dtype=object)
        prefixes = ("Cj0KCQjw", "IwAR", "cl_")
        for i in range(n):
            token = base64.urlsafe_b64encode(int(raw[i]).to_bytes(8, "big") + int(tail[i]).to_bytes(8, "big"))
            click_id[i] = prefixes[platform[i]] + token.decode("ascii").rstrip("=")
        cost = np.maximum(
            (
                rng.lognormal(np.log(np.array([80, 45, 30]))[platform], 0.6)
                * np.array(_FX_FROM_GBP)[P.currency[cp]]
            ),
            5,
        ).astype(np.int64)
        third_party = rng.random(n) < np.array([0.25, 0.45, 0.60])[platform]
        self.clicks = dict(person=cp, time=c_time, device=device, platform=platform, campaign=campaign)
        self.tables["ads_clicks"] = _table(
            "ads_clicks",
            cp,
            c_time,
            click_id=click_id,
            anonymous_id=self.missing(P.dev_anon[device], "ads_clicks.anonymous_id"),
            platform=syn.objs(["google", "meta", "other"])[platform],
            campaign_id=campaign,
            currency=syn.objs(CURRENCIES)[P.currency[cp]],
            cost_amount=syn.money(cost),
            used_third_party_cookies=syn.booleans(rng, third_party, BOOLEAN_VARIANT_RATE),
            clicked_at=self.ts(c_time, cp),
        )

        # conversions: the person's next order within 7 days when there is one, else another value
        conv = np.flatnonzero(rng.random(n) < CONVERSION_RATE)
        o = self.orders
        okey = o["person"].astype(np.int64) * (1 << 34) + (o["time"] - ctx.t_start + (1 << 32))
        osrt = np.argsort(okey, kind="stable")
        ckey = cp[conv].astype(np.int64) * (1 << 34) + (c_time[conv] - ctx.t_start + (1 << 32))
        pos = np.searchsorted(okey[osrt], ckey)
        pos_ok = pos < len(osrt)
        oi = (
            osrt[np.minimum(pos, max(len(osrt) - 1, 0))] if len(osrt) else np.zeros(len(conv), dtype=np.int64)
        )
        matched = pos_ok & (len(osrt) > 0)
        if len(osrt):
            matched &= (o["person"][oi] == cp[conv]) & (o["time"][oi] - c_time[conv] <= 7 * syn.DAY)
        v_time = np.where(
            matched,
            o["time"][oi] + 2 if len(osrt) else 0,
            c_time[conv] + rng.exponential(2 * syn.DAY, len(conv)).astype(np.int64) + 60,
        )
        v_time = np.minimum(v_time, ctx.t_end)
        v_cur = np.where(matched, o["currency"][oi] if len(osrt) else 0, P.currency[cp[conv]])
        v_val = np.where(
            matched,
            o["total"][oi] if len(osrt) else 0,
            (rng.lognormal(np.log(4500), 0.7, len(conv))).astype(np.int64),
        )
        srt = np.argsort(v_time, kind="stable")
        conv, v_time, v_cur, v_val = conv[srt], v_time[srt], v_cur[srt], v_val[srt]
        vp = cp[conv]
        hashed = syn.blanks(len(conv))
        mail = self.pick_email(vp, work=0.1, family=0.0)
        for i, e in enumerate(mail):
            hashed[i] = hashlib.sha256(
                self.account_email.get(int(vp[i]), e).strip().lower().encode()
            ).hexdigest()
        self.tables["ads_conversions"] = _table(
            "ads_conversions",
            vp,
            v_time,
            conversion_id=self.ids("conversion", "CV{:09d}", len(conv)),
            click_id=self.missing(click_id[conv], "ads_conversions.click_id"),
            hashed_email=self.missing(hashed, "ads_conversions.hashed_email"),
            currency=syn.objs(CURRENCIES)[v_cur],
            conversion_value=syn.money(v_val),
            used_third_party_cookies=syn.booleans(rng, rng.random(len(conv)) < 0.25, BOOLEAN_VARIANT_RATE),
            converted_at=self.ts(v_time, vp),
        )

    # -- web -------------------------------------------------------------------------------------
    def build_web(self) -> None:
        ctx, P, rng = self.ctx, self.P, self.rng
        o, c = self.orders, self.clicks
        # sessions: (person, device, anchor time, kind 0 browse / 1 purchase / 2 ad click, ...)
        tracked = np.flatnonzero(P.in_web[o["person"]] & (rng.random(len(o["person"])) < TRACKED_ORDER_RATE))
        if not len(o["person"]):  # a dummy order keeps the lookups below valid in tiny populations
            o = {k: np.zeros(1, dtype=v.dtype) for k, v in o.items()}
        wp = np.flatnonzero(P.in_web)
        bp = np.repeat(wp, rng.poisson(0.9, len(wp)))
        b_time = self.times_after(P.t0[bp], end_margin=3600)
        # email click-throughs (kind 3): the email link's URL carries the subscriber id (link decoration);
        # a few are clicked by somebody the email was forwarded to, on that person's own device
        e = self.esp_clicks
        e_keep = np.flatnonzero(rng.random(len(e["person"])) < EMAIL_CLICK_TRACKED_RATE)
        e_person = e["person"][e_keep].copy()
        forwarded = rng.random(len(e_keep)) < EMAIL_FORWARD_RATE
        if P.n > 1:
            e_person[forwarded] = (e_person[forwarded] + rng.integers(1, P.n, int(forwarded.sum()))) % P.n
        s_person = np.concatenate([bp, o["person"][tracked], c["person"], e_person])
        s_kind = np.concatenate(
            [
                np.zeros(len(bp), int),
                np.ones(len(tracked), int),
                np.full(len(c["person"]), 2),
                np.full(len(e_keep), 3),
            ]
        )
        s_anchor = np.concatenate(
            [
                b_time,
                o["time"][tracked],
                c["time"] + rng.integers(2, 20, len(c["person"])),
                e["time"][e_keep] + rng.integers(2, 20, len(e_keep)),
            ]
        )
        s_device = np.concatenate(
            [self.device(bp), self.device(o["person"][tracked]), c["device"], self.device(e_person)]
        )
        s_order = np.concatenate(
            [np.full(len(bp), -1), tracked, np.full(len(c["person"]), -1), np.full(len(e_keep), -1)]
        )
        n_s = len(s_person)
        if n_s == 0:  # only in tiny populations
            self.web_devices = {k: np.zeros(0, dtype=np.int64) for k in ("person", "device", "time")}
            empty = syn.blanks(0)
            self.tables["web_events"] = _table(
                "web_events",
                np.zeros(0, np.int64),
                np.zeros(0),
                **{c: empty for c in EXPORT["web_events"].column_names},
            )
            return
        s_lines = np.where(s_kind == 1, o["n_lines"][np.maximum(s_order, 0)], 0)
        can_login = P.has_account[s_person]
        s_login = np.where(
            s_kind == 1,
            ~o["guest"][np.maximum(s_order, 0)] & (rng.random(n_s) < 0.8),
            can_login & (rng.random(n_s) < np.where(s_kind == 0, 0.3, 0.15)),
        )
        s_len = np.where(
            s_kind == 1,
            2 * s_lines + 3 + s_login,
            np.maximum(1 + rng.poisson(np.where(s_kind == 0, 3.0, 2.0)), 1 + s_login),
        ).astype(np.int64)
        # utm on the landing event
        organic = np.array(
            [
                ("facebook", "social"),
                ("instagram", "social"),
                ("partner_blog", "referral"),
                ("pinterest", "social"),
            ],
            dtype=object,
        )
        s_utm = np.full(n_s, -1)
        tagged = (s_kind < 2) & (rng.random(n_s) < 0.25)
        s_utm[tagged] = rng.integers(0, len(organic), int(tagged.sum()))

        ev_s = np.repeat(np.arange(n_s), s_len)
        start = np.concatenate([[0], np.cumsum(s_len)[:-1]]).astype(np.int64)
        j = np.arange(len(ev_s)) - start[ev_s]
        n_ev = len(ev_s)
        kind = s_kind[ev_s]
        L = s_lines[ev_s]
        g = s_login[ev_s]
        rand_type = rng.choice([PV, PRV, ATC, CS], n_ev, p=[0.38, 0.42, 0.14, 0.06])
        etype = np.where(j == 0, PV, np.where(g & (j == 1), LOGIN, rand_type))
        p_type = np.select(
            [j == 0, j <= L, j <= 2 * L, j == 2 * L + 1, g & (j == 2 * L + 2)],
            [PV, PRV, ATC, CS, LOGIN],
            PUR,
        )
        etype = np.where(kind == 1, p_type, etype)
        login_pos = np.where(s_kind == 1, 2 * s_lines + 2, 1)
        logged_in = s_login[ev_s] & (j >= login_pos[ev_s])

        gaps = rng.exponential(50.0, n_ev).astype(np.int64) + 3
        gaps[j == 0] = 0
        cum = np.cumsum(gaps)
        offset = cum - cum[start][ev_s]
        total = offset[start + s_len - 1]
        s_begin = np.where(s_kind == 1, s_anchor - total, s_anchor)
        e_time = np.clip(s_begin[ev_s] + offset, ctx.t_start, ctx.t_end)

        # page paths
        line_idx = np.where(kind == 1, o["line_start"][np.maximum(s_order[ev_s], 0)], 0)
        k_in_order = np.where(j <= L, j - 1, j - 1 - L)
        sku_idx = np.where(
            kind == 1,
            o["sku"][np.clip(line_idx + k_in_order, 0, max(len(o["sku"]) - 1, 0))] if len(o["sku"]) else 0,
            rng.choice(len(ctx.sku), n_ev, p=ctx.sku_weights),
        )
        landing = np.array(
            ["/", "/", "/sale", "/new-in", "/blog/style-notes", "/stores", "/help/delivery"]
            + [f"/category/{c}" for c in names.PRODUCT_CATEGORIES],
            dtype=object,
        )
        path = landing[rng.integers(0, len(landing), n_ev)]
        prod = (etype == PRV) | (etype == ATC)
        path[prod] = "/products/" + ctx.sku[sku_idx[prod]]
        path[etype == CS] = "/checkout"
        path[etype == PUR] = "/checkout/confirmation"
        path[etype == LOGIN] = "/account/login"

        utm_src, utm_med, utm_cmp = syn.blanks(n_ev), syn.blanks(n_ev), syn.blanks(n_ev)
        first_ev = start
        org = first_ev[s_utm >= 0]
        utm_src[org] = organic[s_utm[s_utm >= 0], 0]
        utm_med[org] = organic[s_utm[s_utm >= 0], 1]
        ad_s = np.flatnonzero(s_kind == 2)
        ad_first = first_ev[ad_s]
        ci = ad_s - (len(bp) + len(tracked))
        utm_src[ad_first] = syn.objs(["google", "facebook", "criteo"])[c["platform"][ci]]
        utm_med[ad_first] = syn.objs(["cpc", "paid_social", "display"])[c["platform"][ci]]
        utm_cmp[ad_first] = c["campaign"][ci]
        email_s = np.flatnonzero(s_kind == 3)
        email_first = first_ev[email_s]
        ei = e_keep[email_s - (len(bp) + len(tracked) + len(c["person"]))]
        utm_src[email_first] = "newsletter"
        utm_med[email_first] = "email"
        utm_cmp[email_first] = e["campaign"][ei]
        email_subscriber_id = syn.blanks(n_ev)
        email_subscriber_id[email_first] = e["subscriber_id"][ei]

        dev = s_device[ev_s]
        person = s_person[ev_s]
        user_id = syn.blanks(n_ev)
        user_id[logged_in] = P.shop_customer_id[person[logged_in]]
        srt = np.argsort(e_time, kind="stable")
        session_id = self.hex_ids("session", n_s, 0x5E55)
        cols = dict(
            event_id=syn.uuid_like(self.counter_values("web_event", n_ev), ctx.seed ^ 0xE7E),
            anonymous_id=P.dev_anon[dev][srt],
            user_id=user_id[srt],
            session_id=session_id[ev_s][srt],
            event_type=WEB_EVENT_TYPES[etype][srt],
            page_path=path[srt],
            utm_source=utm_src[srt],
            utm_medium=utm_med[srt],
            utm_campaign=utm_cmp[srt],
            email_subscriber_id=email_subscriber_id[srt],
            device_type=P.dev_type[dev][srt],
            gpc_enabled=syn.booleans(rng, P.dev_gpc[dev][srt], BOOLEAN_VARIANT_RATE),
            occurred_at=self.ts(e_time[srt], person[srt]),
        )
        self.tables["web_events"] = _table("web_events", person[srt], e_time[srt], **cols)
        # each browser's first visit, where the cookie banner is shown
        by_device = np.lexsort((e_time, dev))
        first = by_device[np.r_[True, dev[by_device][1:] != dev[by_device][:-1]]]
        self.web_devices = dict(person=person[first], device=dev[first], time=e_time[first])

    # -- service ---------------------------------------------------------------------------------
    def build_service(self) -> None:
        ctx, P, rng = self.ctx, self.P, self.rng
        p = np.flatnonzero(P.in_service)
        tp = np.repeat(p, 1 + rng.poisson(0.35, len(p)))
        n = len(tp)
        opened = self.times_after(P.t0[tp] + rng.integers(0, 90 * syn.DAY, n), end_margin=600)
        srt = np.argsort(opened, kind="stable")
        tp, opened = tp[srt], opened[srt]
        channel = rng.choice(3, n, p=[0.50, 0.35, 0.15])  # email, phone, chat
        has_phone = P.n_phones[tp] > 0
        email = self.email_noise(self.pick_email(tp, work=0.3, family=FAMILY_EMAIL_USE_RATE))
        email[(channel == 1) & (rng.random(n) < 0.6)] = ""
        phone = self.phones(tp, second=0.3)
        phone[(channel != 1) & (rng.random(n) < 0.85)] = ""
        switchboard = (channel == 1) & ((rng.random(n) < CALL_CENTRE_PHONE_RATE) | ~has_phone)
        for i in np.flatnonzero(switchboard):
            phone[i] = self.call_centre_phone()
        closed = opened + rng.exponential(2 * syn.DAY, n).astype(np.int64) + 300
        still_open = (closed > ctx.t_end) | (rng.random(n) < 0.03)
        closed_text = self.ts(np.minimum(closed, ctx.t_end), tp)
        closed_text[still_open] = ""
        score = syn.ints(rng.choice([1, 2, 3, 4, 5], n, p=[0.08, 0.07, 0.15, 0.30, 0.40]))
        score[still_open] = ""
        self.tables["service_tickets"] = _table(
            "service_tickets",
            tp,
            opened,
            ticket_id=self.ids("ticket", "{}", n, base=48_201),
            email=email,
            phone=phone,
            contact_channel=syn.objs(["email", "phone", "chat"])[channel],
            category=syn.objs(names.TICKET_CATEGORIES)[rng.integers(0, len(names.TICKET_CATEGORIES), n)],
            satisfaction_score=self.missing(score, "service_tickets.satisfaction_score"),
            opened_at=self.ts(opened, tp),
            closed_at=closed_text,
        )

    # -- pos -------------------------------------------------------------------------------------
    def build_pos(self) -> None:
        P, rng = self.P, self.rng
        m = np.flatnonzero(P.in_loyalty)
        m = m[np.argsort(P.enrolled_at[m], kind="stable")]
        email = self.pick_email(
            m, work=0.05, family=FAMILY_EMAIL_USE_RATE, placeholder=PLACEHOLDER_EMAIL_RATE
        )
        self.tables["pos_loyalty_members"] = _table(
            "pos_loyalty_members",
            m,
            P.enrolled_at[m],
            loyalty_id=P.loyalty_id[m],
            email=self.missing(self.email_noise(email), "pos_loyalty_members.email"),
            phone=self.missing(self.phones(m), "pos_loyalty_members.phone"),
            first_name=self.first_names(m),
            last_name=self.missing(self.last_names(m), "pos_loyalty_members.last_name"),
            postcode=self.missing(self.postcodes(m), "pos_loyalty_members.postcode"),
            enrolled_at=self.ts(P.enrolled_at[m], m),
        )
        walk = np.flatnonzero(~P.in_loyalty & (rng.random(P.n) < WALK_IN_SHARE))
        tp = np.concatenate([np.repeat(m, 1 + rng.poisson(2.0, len(m))), walk])
        member_tx = np.concatenate([np.ones(len(tp) - len(walk), bool), np.zeros(len(walk), bool)])
        n = len(tp)
        lo = np.where(member_tx, P.enrolled_at[tp], P.t0[tp])
        t_time = self.times_after(lo, end_margin=60)
        srt = np.argsort(t_time, kind="stable")
        tp, t_time, member_tx = tp[srt], t_time[srt], member_tx[srt]
        scanned = member_tx & (rng.random(n) < 0.85)
        c = P.country[tp]
        store = syn.objs(
            [f"{names.COUNTRIES[int(ci)]}{s:03d}" for ci, s in zip(c, rng.integers(1, 13, n), strict=True)]
        )
        amount = (
            rng.lognormal(np.log(3200), 0.8, n) * np.array(_FX_FROM_GBP)[_CURRENCY_OF_COUNTRY[c]]
        ).astype(np.int64) + 50
        self.tables["pos_transactions"] = _table(
            "pos_transactions",
            tp,
            t_time,
            transaction_id=self.ids("pos", "T{:09d}", n, base=7_000_001),
            loyalty_id=np.where(scanned, P.loyalty_id[tp], "").astype(object),
            store_id=store,
            currency=syn.objs(CURRENCIES)[_CURRENCY_OF_COUNTRY[c]],
            total_amount=syn.money(amount),
            transacted_at=self.ts(t_time, tp),
        )

    # -- consent ---------------------------------------------------------------------------------
    def build_consent(self) -> None:
        ctx, P, rng = self.ctx, self.P, self.rng
        keys = ("person", "stype", "subject", "purpose", "channel", "decision", "point", "decided")
        rows: dict[str, list[np.ndarray]] = {k: [] for k in keys}

        def add(person, stype, subject, purpose, channel, decision, point, decided) -> None:
            n = len(person)
            for key, val in zip(keys[1:-1], (stype, subject, purpose, channel, decision, point), strict=True):
                rows[key].append(np.broadcast_to(np.asarray(val, dtype=object), (n,)).copy())
            rows["person"].append(np.asarray(person, dtype=np.int64))
            rows["decided"].append(np.asarray(decided, dtype=np.int64))

        def grant_or_withdraw(n: int, grant_share: float) -> np.ndarray:
            return np.where(rng.random(n) < grant_share, "grant", "withdraw").astype(object)

        # cookie banner: on a browser's first visit, analytics, personalisation and targeted advertising
        # decided in one click (a browser that never visits the site never sees the banner)
        w = self.web_devices
        answered = np.flatnonzero(rng.random(len(w["device"])) < BANNER_DECISION_RATE)
        bp = w["person"][answered]
        b_time = np.minimum(w["time"][answered] + rng.integers(1, 30, len(answered)), ctx.t_end)
        b_dev = P.dev_anon[w["device"][answered]]
        choice = rng.choice(3, len(bp), p=[0.6, 0.25, 0.15])  # accept all, reject all, mixed
        for purpose, channel, offered in (
            ("analytics", "web", 1.0),
            ("personalisation", "web", 0.85),
            ("targeted_advertising", "ads", 0.75),
        ):
            m = rng.random(len(bp)) < offered
            grant = np.where(choice == 0, True, np.where(choice == 1, False, rng.random(len(bp)) < 0.5))[m]
            decision = np.where(grant, "grant", "withdraw")
            add(bp[m], "anonymous_id", b_dev[m], purpose, channel, decision, "web_banner", b_time[m])
        # email marketing at checkout / preference centre / in store, by email or account id
        ep = np.flatnonzero((P.has_account | P.in_esp | P.in_loyalty) & (rng.random(P.n) < 0.6))
        by_id = P.has_account[ep] & (rng.random(len(ep)) < 0.4)
        subject = self.email_noise(self.pick_email(ep, work=0.2, family=0.0))
        subject[by_id] = P.shop_customer_id[ep][by_id]
        points = syn.objs(["checkout", "preference_centre", "store"])
        point = points[rng.choice(3, len(ep), p=[0.5, 0.3, 0.2])]
        stype = np.where(by_id, "shop_customer_id", "email")
        decided = self.times_after(P.t0[ep], end_margin=3600)
        add(ep, stype, subject, "email_marketing", "email", grant_or_withdraw(len(ep), 0.85), point, decided)
        # sms marketing by phone
        sp = np.flatnonzero((P.n_phones > 0) & (rng.random(P.n) < 0.2))
        point = syn.objs(["checkout", "store"])[rng.integers(0, 2, len(sp))]
        decided = self.times_after(P.t0[sp], end_margin=3600)
        add(
            sp,
            "phone",
            self.phones(sp),
            "sms_marketing",
            "sms",
            grant_or_withdraw(len(sp), 0.7),
            point,
            decided,
        )
        # partner sharing by email
        pp = np.flatnonzero(rng.random(P.n) < 0.12)
        subject = self.email_noise(self.pick_email(pp, work=0.1, family=0.0))
        point = syn.objs(["preference_centre", "checkout"])[rng.integers(0, 2, len(pp))]
        decided = self.times_after(P.t0[pp], end_margin=3600)
        add(
            pp,
            "email",
            subject,
            "partner_sharing",
            "partner",
            grant_or_withdraw(len(pp), 0.4),
            point,
            decided,
        )
        # personalised emails, by account id
        qp = np.flatnonzero(P.has_account & (rng.random(P.n) < 0.08))
        decided = self.times_after(P.t0[qp], end_margin=3600)
        decision = grant_or_withdraw(len(qp), 0.8)
        add(
            qp,
            "shop_customer_id",
            P.shop_customer_id[qp],
            "personalisation",
            "email",
            decision,
            "preference_centre",
            decided,
        )
        # unsubscribes in the email platform reach the consent platform as withdrawals
        up, ue, ut = self.esp_unsubscribes
        add(up, "email", ue, "email_marketing", "email", "withdraw", "preference_centre", ut)

        cols = {k: np.concatenate(v) if v else np.zeros(0, dtype=object) for k, v in rows.items()}
        n0 = len(cols["person"])
        # later changes of mind: grants withdrawn (sometimes at the very same decided_at), some re-granted
        grants = np.flatnonzero((cols["decision"] == "grant") & (rng.random(n0) < 0.22))
        w_time = cols["decided"][grants] + rng.exponential(120 * syn.DAY, len(grants)).astype(np.int64) + 600
        tie = rng.random(len(grants)) < CONSENT_TIE_RATE
        w_time[tie] = cols["decided"][grants][tie]
        ok = w_time <= ctx.t_end
        grants, w_time = grants[ok], w_time[ok]
        regrant = rng.random(len(grants)) < 0.15
        r_time = w_time + rng.exponential(60 * syn.DAY, len(grants)).astype(np.int64) + 600
        regrant &= r_time <= ctx.t_end
        follow_src = np.concatenate([grants, grants[regrant]])
        follow_dec = np.concatenate(
            [np.full(len(grants), "withdraw", object), np.full(int(regrant.sum()), "grant", object)]
        )
        follow_time = np.concatenate([w_time, r_time[regrant]])
        follow_point = np.where(
            cols["point"][follow_src] == "web_banner", "web_banner", "preference_centre"
        ).astype(object)
        for k in ("person", "stype", "subject", "purpose", "channel"):
            cols[k] = np.concatenate([cols[k], cols[k][follow_src]])
        cols["decision"] = np.concatenate([cols["decision"], follow_dec])
        cols["point"] = np.concatenate([cols["point"], follow_point])
        cols["decided"] = np.concatenate([cols["decided"], follow_time])
        n = len(cols["person"])

        recorded = cols["decided"] + rng.integers(0, 120, n)
        late = rng.random(n) < CONSENT_LATE_RECORDING_RATE
        recorded[late] = cols["decided"][late] + rng.integers(30 * syn.DAY, 200 * syn.DAY, int(late.sum()))
        # an old grant recorded after the newer withdrawal of it
        withdraw_rows = np.arange(n0, n0 + len(grants))
        late_grant = rng.random(len(grants)) < CONSENT_GRANT_RECORDED_LATE_RATE
        gi, wi = grants[late_grant], withdraw_rows[late_grant]
        recorded[gi] = recorded[wi] + rng.integers(3600, 20 * syn.DAY, len(gi))
        recorded = np.minimum(recorded, ctx.t_end)
        recorded = np.maximum(recorded, cols["decided"])

        srt = np.argsort(recorded, kind="stable")
        person = cols["person"][srt]
        self.tables["consent_events"] = _table(
            "consent_events",
            person,
            recorded[srt],
            consent_event_id=self.hex_ids("consent", n, 0xC0C0),
            subject_type=cols["stype"][srt],
            subject_value=cols["subject"][srt],
            purpose=cols["purpose"][srt],
            channel=cols["channel"][srt],
            decision=cols["decision"][srt],
            collection_point=cols["point"][srt],
            decided_at=self.ts(cols["decided"][srt], person),
            recorded_at=self.ts(recorded[srt], person),
        )

    # -- privacy ---------------------------------------------------------------------------------
    def build_privacy(self) -> None:
        ctx, P, rng = self.ctx, self.P, self.rng
        seen = np.zeros(P.n, dtype=np.int64)
        for t in self.tables.values():
            seen += np.bincount(np.unique(t.person), minlength=P.n)
        k = int(rng.binomial(P.n, PRIVACY_SHARE))
        w = (1.0 + seen) ** 2
        rp = rng.choice(P.n, k, replace=False, p=w / w.sum()) if k else np.zeros(0, dtype=np.int64)
        us = P.country[rp] == 1
        rtype = np.where(
            us,
            rng.choice(3, k, p=[0.35, 0.25, 0.40]),
            rng.choice(3, k, p=[0.45, 0.40, 0.15]),
        )
        t = self.times_after(P.t0[rp] + 30 * syn.DAY, end_margin=40 * syn.DAY)
        again = np.flatnonzero(rng.random(k) < 0.1)  # some ask for access first, then for erasure
        rtype[again] = 1
        t_again = t[again] + rng.integers(3 * syn.DAY, 40 * syn.DAY, len(again))
        rp = np.concatenate([rp, rp[again]])
        rtype = np.concatenate([rtype, np.zeros(len(again), dtype=np.int64)])
        t = np.concatenate([t, np.minimum(t_again, ctx.t_end)])
        srt = np.argsort(t, kind="stable")
        rp, rtype, t = rp[srt], rtype[srt], t[srt]
        self.tables["privacy_requests"] = _table(
            "privacy_requests",
            rp,
            t,
            request_id=self.ids("privacy", "DSR-{:06d}", len(rp)),
            request_type=syn.objs(["erasure", "access", "opt_out"])[rtype],
            subject_email=self.email_noise(self.pick_email(rp, work=0.1, family=0.0)),
            subject_phone=self.missing(self.phones(rp), "privacy_requests.subject_phone"),
            jurisdiction=np.where(P.country[rp] == 1, "CCPA", "GDPR").astype(object),
            received_at=self.ts(t, rp),
        )


# =============================================================================================
# noise applied to finished tables
# =============================================================================================
# identifier -> (malformed rate, corruptions [(kind, column)], exact duplicates?)
NOISE_PLAN: dict[str, tuple[float, tuple[tuple[str, str], ...], bool]] = {
    "crm_contacts": (
        MALFORMED_ENTITY_RATE,
        (("missing_key", "contact_id"), ("bad_date", "birth_date"), ("bad_ts", "updated_at")),
        True,
    ),
    "shop_customers": (
        MALFORMED_ENTITY_RATE,
        (("missing_key", "shop_customer_id"), ("bad_ts", "created_at")),
        False,
    ),
    "shop_orders": (
        MALFORMED_RATE,
        (
            ("missing_key", "order_id"),
            ("bad_ts", "ordered_at"),
            ("bad_amount", "total_amount"),
            ("negative", "total_amount"),
            ("code", "currency"),
            ("code", "status"),
        ),
        True,
    ),
    "shop_order_lines": (
        MALFORMED_RATE,
        (
            ("missing_key", "order_line_id"),
            ("bad_amount", "unit_price"),
            ("negative", "unit_price"),
            ("bad_int", "quantity"),
        ),
        True,
    ),
    "shop_refunds": (
        MALFORMED_RATE,
        (
            ("missing_key", "refund_id"),
            ("bad_amount", "refund_amount"),
            ("negative", "refund_amount"),
            ("code", "currency"),
            ("bad_ts", "refunded_at"),
        ),
        False,
    ),
    "esp_subscribers": (
        MALFORMED_ENTITY_RATE,
        (("missing_key", "subscriber_id"), ("bad_ts", "subscribed_at"), ("code", "status")),
        False,
    ),
    "esp_events": (
        MALFORMED_RATE,
        (("missing_key", "event_id"), ("code", "event_type"), ("bad_ts", "occurred_at")),
        True,
    ),
    "web_events": (
        MALFORMED_RATE,
        (
            ("missing_key", "event_id"),
            ("code", "event_type"),
            ("bad_ts", "occurred_at"),
            ("code", "gpc_enabled"),
        ),
        True,
    ),
    "ads_clicks": (
        MALFORMED_RATE,
        (
            ("missing_key", "click_id"),
            ("bad_amount", "cost_amount"),
            ("negative", "cost_amount"),
            ("code", "currency"),
            ("bad_ts", "clicked_at"),
        ),
        True,
    ),
    "ads_conversions": (
        MALFORMED_RATE,
        (
            ("missing_key", "conversion_id"),
            ("bad_amount", "conversion_value"),
            ("code", "currency"),
            ("bad_ts", "converted_at"),
        ),
        False,
    ),
    "service_tickets": (
        MALFORMED_RATE,
        (
            ("missing_key", "ticket_id"),
            ("bad_ts", "opened_at"),
            ("code", "contact_channel"),
            ("code", "satisfaction_score"),
        ),
        False,
    ),
    "pos_loyalty_members": (
        MALFORMED_ENTITY_RATE,
        (("missing_key", "loyalty_id"), ("bad_ts", "enrolled_at")),
        False,
    ),
    "pos_transactions": (
        MALFORMED_RATE,
        (
            ("missing_key", "transaction_id"),
            ("bad_amount", "total_amount"),
            ("negative", "total_amount"),
            ("code", "currency"),
            ("bad_ts", "transacted_at"),
        ),
        True,
    ),
    "consent_events": (
        MALFORMED_RATE,
        (
            ("missing_key", "consent_event_id"),
            ("code", "purpose"),
            ("code", "decision"),
            ("code", "subject_type"),
            ("code", "channel"),
            ("bad_ts", "decided_at"),
        ),
        True,
    ),
    "privacy_requests": (
        MALFORMED_RATE,
        (("missing_key", "request_id"), ("code", "request_type"), ("bad_ts", "received_at")),
        False,
    ),
}


def corrupt(chunk: Chunk, t: Table, rate: float, spec: tuple[tuple[str, str], ...]) -> Table:
    """Make a share of rows malformed, each in one way from `spec`.

    Erasure requests are never corrupted: a lost erasure would change what the platform must
    delete, which is not the kind of noise this simulates.
    """
    rng = chunk.rng
    eligible = np.ones(len(t), dtype=bool)
    if t.export.identifier == "privacy_requests":
        eligible = t.cols["request_type"] != "erasure"
    rows = np.flatnonzero(eligible)
    k = min(
        max(MALFORMED_MIN, int(rng.binomial(len(rows), rate))),
        len(rows) // 5 if len(rows) < 50 else len(rows),
    )
    if k == 0:
        return t
    pick = np.sort(rng.choice(rows, k, replace=False))
    kinds = rng.integers(0, len(spec), k)
    kinds[rng.permutation(k)[: len(spec)]] = np.arange(min(k, len(spec)))  # every kind, missing key first
    bad_values = {
        "bad_ts": BAD_TIMESTAMPS,
        "bad_date": BAD_DATES,
        "bad_amount": BAD_AMOUNTS,
        "bad_int": BAD_INTEGERS,
    }
    cols = {c: v.copy() for c, v in t.cols.items()}
    for i, kind in zip(pick, kinds, strict=True):
        what, col = spec[kind]
        value = cols[col][i]
        if what == "missing_key":
            cols[col][i] = ""
        elif what == "negative":
            cols[col][i] = "-" + value.lstrip("-") if value else "-1.00"
        else:
            # cycle through the bad values so that each kind shows up once there are enough rows
            pool = UNKNOWN_CODES[col] if what == "code" else bad_values[what]
            counter = f"{what}:{col}" if what == "code" else what
            cols[col][i] = pool[chunk.bad_values_used[counter] % len(pool)]
            chunk.bad_values_used[counter] += 1
    malformed = t.malformed.copy()
    malformed[pick] = True
    return Table(t.export, cols, t.person, t.order, malformed)


def duplicate_rows(rng: np.random.Generator, t: Table, rate: float) -> Table:
    """Repeat a share of rows verbatim at another place in the file (an overlapping re-export)."""
    k = int(rng.binomial(len(t), rate))
    if k == 0:
        return t
    dup = t.take(np.sort(rng.choice(len(t), k, replace=False)))
    lo, hi = float(t.order.min()), float(t.order.max())
    dup.order = lo + rng.random(k) * (hi - lo) + 0.25
    return t.append(dup)


def answer_rows(chunk: Chunk, t: Table) -> tuple[list[str], list[str]]:
    """(source_record_id, person_id) per distinct non-empty key, in order of first appearance."""
    keyed = t.cols[t.export.key] != ""
    keys = t.cols[t.export.key][keyed].tolist()
    persons = chunk.P.pid[t.person[keyed]].tolist()
    last = dict(zip(keys, persons, strict=True))  # keys in order of first appearance
    if len(last) < len(keys) and last != dict(zip(reversed(keys), reversed(persons), strict=True)):
        raise AssertionError(f"{t.export.identifier}: a key belongs to two persons")
    return list(last), list(last.values())


# =============================================================================================
# output
# =============================================================================================
def _csv_text(cols: list[np.ndarray]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(zip(*(c.tolist() for c in cols), strict=True))
    return buf.getvalue()


def _arrow(cols: list[np.ndarray], columns: list[str]) -> pa.Table:
    """All-string Arrow table; empty strings become nulls (as a CSV reader would load them)."""
    arrays = [pa.array(c, type=pa.string(), mask=c == "") for c in cols]
    return pa.Table.from_arrays(arrays, names=columns)


@dataclass
class ChunkOutput:
    persons: int
    parts: dict[str, tuple[int, str | pa.Table]]  # file stem -> (rows, CSV text or Arrow table)


def build_chunk(ctx: Context, index: int, persons: Persons, fmt: str) -> ChunkOutput:
    """Build one chunk's exports and answer rows, encoded for writing."""
    chunk = Chunk(ctx, index, persons)
    tables = chunk.build()
    encode = _csv_text if fmt == "csv" else None
    parts: dict[str, tuple[int, str | pa.Table]] = {}
    answer: list[list[np.ndarray]] = [[], [], []]
    for e in EXPORTS:
        t = tables[e.identifier]
        cols = [t.cols[c] for c in e.column_names]
        parts[e.identifier] = (len(t), encode(cols) if encode else _arrow(cols, e.column_names))
        keys, pids = answer_rows(chunk, t)
        answer[0].append(np.full(len(keys), e.identifier, dtype=object))
        answer[1].append(syn.objs(keys))
        answer[2].append(syn.objs(pids))
    cols = [np.concatenate(a) for a in answer]
    parts["answer_key"] = (len(cols[0]), encode(cols) if encode else _arrow(cols, list(ANSWER_COLUMNS)))
    return ChunkOutput(persons.n, parts)


_WORKER_CTX: Context | None = None


def _worker_init(persons: int, seed: int, as_of: dt.date) -> None:
    global _WORKER_CTX
    _WORKER_CTX = Context(persons=persons, seed=seed, as_of=as_of)


def _worker_build(index: int, persons: Persons, fmt: str) -> ChunkOutput:
    if _WORKER_CTX is None:
        raise RuntimeError("worker not initialised")
    return build_chunk(_WORKER_CTX, index, persons, fmt)


class Sink:
    """One output file, appended chunk by chunk: CSV (csv module, \\n, minimal quoting) or Parquet."""

    def __init__(self, path: Path, columns: list[str], fmt: str):
        self.path, self.fmt, self.rows = path, fmt, 0
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "csv":
            self._file = path.open("w", encoding="utf-8", newline="")
            csv.writer(self._file, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerow(columns)
        else:
            schema = pa.schema([(c, pa.string()) for c in columns])
            self._pq = pq.ParquetWriter(path, schema, compression="zstd")

    def write(self, rows: int, part: str | pa.Table) -> None:
        self.rows += rows
        if self.fmt == "csv":
            self._file.write(part)
        else:
            self._pq.write_table(part, row_group_size=1 << 22)

    def close(self) -> None:
        if self.fmt == "csv":
            self._file.close()
        else:
            self._pq.close()


def generate(
    persons: int,
    seed: int,
    out: Path | str,
    fmt: str = "csv",
    as_of: dt.date | str = DEFAULT_AS_OF,
    answer_path: Path | str | None = None,
    log=None,
    jobs: int = 1,
    chunk_persons: int = CHUNK_PERSONS,
) -> dict[str, int]:
    """Write every export and the answer key for `persons` persons; returns row counts per file.

    Chunks are built by `jobs` worker processes (persons are drawn in order in this process, so
    emails and phones stay unique) and written in order: the bytes do not depend on `jobs`.
    """
    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of)
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"unknown format {fmt}")
    ctx = Context(persons=persons, seed=seed, as_of=as_of)
    out = Path(out)
    sinks = {e.identifier: Sink(out / f"{e.identifier}.{fmt}", e.column_names, fmt) for e in EXPORTS}
    answer_path = Path(answer_path) if answer_path else out / f"_answer_key.{fmt}"
    sinks["answer_key"] = Sink(answer_path, list(ANSWER_COLUMNS), fmt)
    starts = list(range(0, persons, chunk_persons))
    started = time.perf_counter()
    done = 0

    def emit(result: ChunkOutput) -> None:
        nonlocal done
        for stem, (rows, part) in result.parts.items():
            sinks[stem].write(rows, part)
        done += result.persons
        if log:
            log(f"  {done:>10,} persons  {time.perf_counter() - started:7.1f}s")

    pool = None
    if jobs > 1 and len(starts) > 1:
        pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=mp.get_context("spawn"),
            initializer=_worker_init,
            initargs=(persons, seed, as_of),
        )
    try:
        pending: deque = deque()
        for index, first in enumerate(starts):
            chunk = persons_of_chunk(ctx, index, first, min(chunk_persons, persons - first))
            if pool is None:
                emit(build_chunk(ctx, index, chunk, fmt))
                continue
            pending.append(pool.submit(_worker_build, index, chunk, fmt))
            while len(pending) > jobs:  # bounded: at most jobs + 1 chunks in memory
                emit(pending.popleft().result())
        while pending:
            emit(pending.popleft().result())
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        for sink in sinks.values():
            sink.close()
    return {stem: sink.rows for stem, sink in sinks.items()}


# =============================================================================================
# seeds yml
# =============================================================================================
class _IndentedDumper(yaml.SafeDumper):
    """Indents list items under their key, as dbt yml is usually written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def render_seeds_yml() -> str:
    """`seeds/raw/_raw__seeds.yml`: every seed, its columns as varchar, descriptions and pii classes."""
    seeds = []
    for e in EXPORTS:
        seeds.append(
            {
                "name": e.identifier,
                "description": e.description,
                "config": {"column_types": {c.name: "varchar" for c in e.columns}},
                "columns": [
                    {"name": c.name, "description": c.description, "meta": {"pii": c.pii}} for c in e.columns
                ],
            }
        )
    header = (
        "# Generated by `python -m firstparty.generate --demo` from src/firstparty/exports.py; do not edit.\n"
        "# Every raw column loads as varchar: the landing layer keeps what the export held.\n"
    )
    body = yaml.dump(
        {"version": 2, "seeds": seeds},
        Dumper=_IndentedDumper,
        sort_keys=False,
        allow_unicode=True,
        width=1000,
        default_flow_style=False,
    )
    return header + body


def _project_root() -> Path:
    here = Path.cwd().resolve()
    for p in (here, *here.parents):
        if (p / "dbt_project.yml").exists():
            return p
    return Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m firstparty.generate", description=__doc__.split("\n\n")[0])
    ap.add_argument("--persons", type=int, help=f"number of true persons (demo: {DEMO_PERSONS})")
    ap.add_argument("--seed", type=int, help=f"random seed (demo: {DEMO_SEED})")
    ap.add_argument("--out", type=Path, help="output folder (demo: seeds/raw)")
    ap.add_argument("--format", choices=("csv", "parquet"), default="csv")
    ap.add_argument("--as-of", default=DEFAULT_AS_OF, help="export date; all times derive from it")
    ap.add_argument("--demo", action="store_true", help="write the committed demo seeds, yml and answer key")
    ap.add_argument(
        "--answer-out",
        type=Path,
        help="answer key path (default OUT/_answer_key.<format>; raw_path checks skip names starting with _)",
    )
    ap.add_argument("--yml-out", type=Path, help="seeds yml path (demo default seeds/raw/_raw__seeds.yml)")
    ap.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1), help="worker processes")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)

    log = None if args.quiet else (lambda msg: print(msg, file=sys.stderr))
    if args.demo:
        if args.format != "csv":
            ap.error("--demo writes CSV seeds")
        root = _project_root()
        persons = args.persons or DEMO_PERSONS
        seed = DEMO_SEED if args.seed is None else args.seed
        out = args.out or root / "seeds" / "raw"
        answer = args.answer_out or root / "evaluation" / "answer_key.csv"
        yml = args.yml_out or root / "seeds" / "raw" / "_raw__seeds.yml"
    else:
        if args.persons is None or args.seed is None or args.out is None:
            ap.error("--persons, --seed and --out are required (or use --demo)")
        persons, seed, out, answer, yml = args.persons, args.seed, args.out, args.answer_out, args.yml_out
    if persons < 1:
        ap.error("--persons must be positive")
    started = time.perf_counter()
    counts = generate(persons, seed, out, args.format, args.as_of, answer, log, jobs=args.jobs)
    if yml:
        yml.parent.mkdir(parents=True, exist_ok=True)
        with yml.open("w", encoding="utf-8", newline="\n") as f:
            f.write(render_seeds_yml())
    if log:
        for k, v in counts.items():
            log(f"{k:<22}{v:>12,}")
        log(f"{persons:,} persons in {time.perf_counter() - started:.1f}s -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
