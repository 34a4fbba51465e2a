"""Every kind of noise the generator promises is present in the demo output, with plausible volumes.

Each test reads the files as a consumer would (CSV text) and uses the answer key only to know
which person is behind a record.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
import statistics
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from firstparty import _names as names
from firstparty import generate as gen
from firstparty.exports import EXPORTS

KEYS = {e.identifier: e.key for e in EXPORTS}
TRANSACTIONAL = (
    "shop_orders",
    "shop_order_lines",
    "shop_refunds",
    "esp_events",
    "web_events",
    "ads_clicks",
    "ads_conversions",
    "service_tickets",
    "pos_transactions",
    "consent_events",
    "privacy_requests",
)
EMAIL_COLUMNS = {
    "crm_contacts": "email",
    "shop_customers": "email",
    "shop_orders": "checkout_email",
    "esp_subscribers": "email",
    "esp_events": "email",
    "service_tickets": "email",
    "pos_loyalty_members": "email",
    "privacy_requests": "subject_email",
}
PHONE_COLUMNS = {
    "crm_contacts": "phone",
    "shop_customers": "phone",
    "service_tickets": "phone",
    "pos_loyalty_members": "phone",
    "privacy_requests": "subject_phone",
}
TIMESTAMP_COLUMNS = {
    "crm_contacts": ("created_at", "updated_at"),
    "shop_customers": ("created_at",),
    "shop_orders": ("ordered_at",),
    "shop_refunds": ("refunded_at",),
    "esp_subscribers": ("subscribed_at",),
    "esp_events": ("occurred_at",),
    "web_events": ("occurred_at",),
    "ads_clicks": ("clicked_at",),
    "ads_conversions": ("converted_at",),
    "service_tickets": ("opened_at", "closed_at"),
    "pos_loyalty_members": ("enrolled_at",),
    "pos_transactions": ("transacted_at",),
    "consent_events": ("decided_at", "recorded_at"),
    "privacy_requests": ("received_at",),
}
AMOUNT_COLUMNS = {
    "shop_orders": ("total_amount",),
    "shop_order_lines": ("unit_price",),
    "shop_refunds": ("refund_amount",),
    "ads_clicks": ("cost_amount",),
    "ads_conversions": ("conversion_value",),
    "pos_transactions": ("total_amount",),
}
CODES = {
    "currency": {"GBP", "EUR", "USD"},
    "status": {"placed", "shipped", "delivered", "cancelled", "subscribed", "unsubscribed", "cleaned"},
    "event_type": {"send", "open", "click", "unsubscribe", "bounce"}
    | {"page_view", "product_view", "add_to_cart", "checkout_started", "purchase", "login"},
    "purpose": {
        "email_marketing",
        "sms_marketing",
        "personalisation",
        "analytics",
        "targeted_advertising",
        "partner_sharing",
    },
    "decision": {"grant", "withdraw"},
    "channel": {"email", "sms", "web", "ads", "partner"},
    "subject_type": {"email", "phone", "anonymous_id", "shop_customer_id"},
    "request_type": {"erasure", "access", "opt_out"},
    "contact_channel": {"email", "phone", "chat"},
}
TS_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})?$")
AMOUNT_RE = re.compile(r"^\d+\.\d{2}$")
BOOLEAN_SPELLINGS = {"true", "false", "TRUE", "FALSE", "True", "False", "1", "0", ""}


class Demo:
    def __init__(self, folder: Path):
        self.rows: dict[str, list[dict[str, str]]] = {}
        for e in EXPORTS:
            with (folder / "raw" / f"{e.identifier}.csv").open(newline="", encoding="utf-8") as f:
                self.rows[e.identifier] = list(csv.DictReader(f))
        with (folder / "answer_key.csv").open(newline="", encoding="utf-8") as f:
            self.person_of = {
                (r["source_name"], r["source_record_id"]): r["person_id"] for r in csv.DictReader(f)
            }

    def person(self, source: str, row: dict[str, str]) -> str | None:
        return self.person_of.get((source, row[KEYS[source]]))

    def keyed(self, source: str):
        for row in self.rows[source]:
            p = self.person(source, row)
            if p:
                yield p, row

    def emails(self):
        """(person, source, raw email) for every email occurrence, consent subjects included."""
        for source, col in EMAIL_COLUMNS.items():
            for p, row in self.keyed(source):
                if row[col]:
                    yield p, source, row[col]
        for p, row in self.keyed("consent_events"):
            if row["subject_type"] == "email":
                yield p, "consent_events", row["subject_value"]

    def phones(self):
        for source, col in PHONE_COLUMNS.items():
            for p, row in self.keyed(source):
                if row[col]:
                    yield p, source, row[col]
        for p, row in self.keyed("consent_events"):
            if row["subject_type"] == "phone":
                yield p, "consent_events", row["subject_value"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Demo:
    out = tmp_path_factory.mktemp("demo_noise")
    gen.main(["--demo", "--out", str(out / "raw"), "--answer-out", str(out / "answer_key.csv"), "--quiet"])
    return Demo(out)


def norm_email(e: str) -> str:
    return e.strip().lower()


def phone_key(p: str) -> str:
    """Last nine digits: enough to compare one number across national and international spellings."""
    return re.sub(r"\D", "", p)[-9:]


def parse_ts(text: str) -> dt.datetime | None:
    if not TS_RE.match(text):
        return None
    try:
        t = dt.datetime.fromisoformat(text.replace(" ", "T"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=dt.UTC)


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


# ---------------------------------------------------------------------------------------------
# identifiers
# ---------------------------------------------------------------------------------------------
def test_emails_have_case_and_space_variants_for_the_same_person(demo):
    spellings: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p, _, e in demo.emails():
        spellings[(p, norm_email(e))].add(e)
    variants = [s for s in spellings.values() if len(s) > 1]
    assert len(variants) > 50
    raw = [e for _, _, e in demo.emails()]
    assert any(e != e.strip() for e in raw), "leading/trailing whitespace"
    assert any(e.strip() != e.strip().lower() for e in raw), "upper case"
    assert any(e.startswith("  ") or e.endswith(" ") for s in variants for e in s)


def test_phones_come_in_national_and_international_formats(demo):
    raw = [ph for _, _, ph in demo.phones()]
    assert any(ph.startswith("+") for ph in raw)
    assert any(ph.startswith("00") for ph in raw)
    assert any(ph.startswith("0") and not ph.startswith("00") for ph in raw)
    assert any("(" in ph for ph in raw)
    assert any("-" in ph for ph in raw)
    assert any(" " in ph for ph in raw)
    assert any(re.fullmatch(r"\d{3}\.\d{3}\.\d{4}", ph) for ph in raw), "US dotted"
    formats: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p, _, ph in demo.phones():
        formats[(p, phone_key(ph))].add(ph)
    assert sum(len(s) > 1 for s in formats.values()) > 50


def test_names_carry_typos_and_nicknames(demo):
    given: dict[str, set[str]] = defaultdict(set)
    family: dict[str, set[str]] = defaultdict(set)
    for source in ("crm_contacts", "shop_customers", "esp_subscribers", "pos_loyalty_members"):
        for p, row in demo.keyed(source):
            if row["first_name"]:
                given[p].add(row["first_name"])
            if row.get("last_name"):
                family[p].add(row["last_name"])
    nick_pairs = [(a, b) for s in given.values() for a in s for b in s if b in names.NICKNAMES.get(a, ())]
    assert len(nick_pairs) >= 10
    assert {"Bill", "Bob", "Liz", "Kate"} & {b for _, b in nick_pairs} or len(nick_pairs) >= 20
    typo_pairs = [
        (a, b)
        for s in list(given.values()) + list(family.values())
        for a in s
        for b in s
        if a < b and a.lower() != b.lower() and edit_distance(a, b) == 1
    ]
    assert len(typo_pairs) >= 20


def test_optional_values_are_missing_somewhere(demo):
    for source, col in (
        ("crm_contacts", "email"),
        ("crm_contacts", "phone"),
        ("crm_contacts", "birth_date"),
        ("crm_contacts", "street_address"),
        ("crm_contacts", "loyalty_id"),
        ("shop_customers", "phone"),
        ("shop_orders", "shop_customer_id"),
        ("shop_orders", "checkout_email"),
        ("esp_subscribers", "first_name"),
        ("web_events", "user_id"),
        ("ads_clicks", "anonymous_id"),
        ("ads_conversions", "click_id"),
        ("ads_conversions", "hashed_email"),
        ("service_tickets", "satisfaction_score"),
        ("service_tickets", "closed_at"),
        ("pos_loyalty_members", "email"),
        ("pos_transactions", "loyalty_id"),
        ("privacy_requests", "subject_phone"),
    ):
        assert any(not r[col] for r in demo.rows[source]), (source, col)


def test_some_persons_use_a_work_and_a_personal_email_in_different_channels(demo):
    owners: dict[str, set[str]] = defaultdict(set)
    where: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p, source, e in demo.emails():
        owners[norm_email(e)].add(p)
        where[(p, norm_email(e))].add(source)
    own: dict[str, set[str]] = defaultdict(set)
    for e, ps in owners.items():
        if len(ps) == 1:
            own[next(iter(ps))].add(e)
    two = [p for p, es in own.items() if len(es) >= 2]
    assert len(two) > 100
    split = [p for p in two if len({frozenset(where[(p, e)]) for e in own[p]}) > 1]
    assert split


def test_a_household_shares_one_email_but_not_its_other_identifiers(demo):
    owners: dict[str, set[str]] = defaultdict(set)
    for p, _, e in demo.emails():
        owners[norm_email(e)].add(p)
    own_ids: dict[str, set[str]] = defaultdict(set)
    for p, _, ph in demo.phones():
        own_ids[p].add("phone:" + phone_key(ph))
    for p, row in demo.keyed("pos_loyalty_members"):
        own_ids[p].add("loyalty:" + row["loyalty_id"])
    for p, row in demo.keyed("shop_customers"):
        own_ids[p].add("shop:" + row["shop_customer_id"])
    families = [
        (e, ps) for e, ps in owners.items() if len(ps) >= 3 and e not in names.PLACEHOLDER_EMAILS and "@" in e
    ]
    assert families, "no email shared by 3+ persons"
    good = 0
    for _, ps in families:
        ids = [own_ids[p] - {"phone:" + phone_key(gen.CALL_CENTRE_NSN)} for p in ps]
        with_ids = [s for s in ids if s]
        disjoint = all(a.isdisjoint(b) for i, a in enumerate(with_ids) for b in with_ids[i + 1 :])
        good += len(with_ids) >= 3 and disjoint
    assert good >= 2


def test_a_call_centre_phone_is_on_tickets_of_many_persons(demo):
    persons: dict[str, set[str]] = defaultdict(set)
    for p, row in demo.keyed("service_tickets"):
        if row["phone"]:
            persons[phone_key(row["phone"])].add(p)
    assert max(len(s) for s in persons.values()) >= 5


def test_placeholder_emails_are_typed_for_several_persons(demo):
    seen: dict[str, set[str]] = defaultdict(set)
    for source in ("crm_contacts", "pos_loyalty_members"):
        for p, row in demo.keyed(source):
            if norm_email(row["email"]) in names.PLACEHOLDER_EMAILS:
                seen[norm_email(row["email"])].add(p)
    assert len(seen) >= 2
    assert max(len(s) for s in seen.values()) >= 3
    assert len(set().union(*seen.values())) >= 10


def test_crm_has_fuzzy_duplicate_contacts(demo):
    contacts: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
    for p, row in demo.keyed("crm_contacts"):
        contacts[p].setdefault(row["contact_id"], row)
    persons = len(contacts)
    twice = {p: c for p, c in contacts.items() if len(c) >= 2}
    assert 0.03 * persons <= len(twice) <= 0.08 * persons
    fuzzy = 0
    for c in twice.values():
        a, b = list(c.values())[:2]
        same_dob_postcode = a["birth_date"] == b["birth_date"] != "" and a["postcode"] and b["postcode"]
        differs = (a["first_name"], a["last_name"]) != (b["first_name"], b["last_name"])
        fuzzy += bool(same_dob_postcode and differs)
    assert fuzzy >= 0.7 * len(twice)


def test_exact_duplicate_rows_in_several_exports(demo):
    with_dups = {}
    for source, rows in demo.rows.items():
        counts = Counter(tuple(r.values()) for r in rows)
        extra = sum(c - 1 for c in counts.values())
        if extra:
            with_dups[source] = extra / len(rows)
    assert len(with_dups) >= 5
    assert 0.005 <= with_dups["web_events"] <= 0.02


def test_crm_late_versions_come_before_the_older_version(demo):
    versions: dict[str, list[tuple[int, dt.datetime | None]]] = defaultdict(list)
    for i, row in enumerate(demo.rows["crm_contacts"]):
        if row["contact_id"]:
            versions[row["contact_id"]].append((i, parse_ts(row["updated_at"])))
    newer_first = 0
    for vs in versions.values():
        distinct = {t for _, t in vs if t}
        if len(distinct) >= 2:
            first, second = vs[0][1], vs[-1][1]
            newer_first += bool(first and second and first > second)
    assert newer_first >= 10


def test_consent_has_late_recordings_out_of_order_grants_and_ties(demo):
    late = 0
    threads: dict[tuple[str, str, str], list[tuple[str, dt.datetime, dt.datetime]]] = defaultdict(list)
    for row in demo.rows["consent_events"]:
        d, r = parse_ts(row["decided_at"]), parse_ts(row["recorded_at"])
        if not (d and r):
            continue
        late += (r - d).days >= 30
        subject = row["subject_value"].strip().lower()
        threads[(subject, row["purpose"], row["channel"])].append((row["decision"], d, r))
    assert late >= 20
    ties = out_of_order = 0
    for events in threads.values():
        grants = [(d, r) for k, d, r in events if k == "grant"]
        withdraws = [(d, r) for k, d, r in events if k == "withdraw"]
        ties += any(gd == wd for gd, _ in grants for wd, _ in withdraws)
        out_of_order += any(gd < wd and gr > wr for gd, gr in grants for wd, wr in withdraws)
    assert ties >= 3
    assert out_of_order >= 3


# ---------------------------------------------------------------------------------------------
# malformed rows and formats
# ---------------------------------------------------------------------------------------------
def _bad(source: str, row: dict[str, str]) -> bool:
    if not row[KEYS[source]]:
        return True
    for col in TIMESTAMP_COLUMNS.get(source, ()):
        if row[col] and parse_ts(row[col]) is None:
            return True
    for col in AMOUNT_COLUMNS.get(source, ()):
        if not AMOUNT_RE.match(row[col]):
            return True
    for col, allowed in CODES.items():
        if col in row and row[col] not in allowed:
            return True
    if source == "shop_order_lines" and not row["quantity"].isdigit():
        return True
    if source == "crm_contacts" and row["birth_date"]:
        try:
            dt.date.fromisoformat(row["birth_date"])
        except ValueError:
            return True
    return source == "web_events" and row["gpc_enabled"] not in BOOLEAN_SPELLINGS


def test_every_export_has_malformed_rows_at_a_low_rate(demo):
    for source, rows in demo.rows.items():
        bad = sum(_bad(source, r) for r in rows)
        assert bad >= (3 if source in TRANSACTIONAL else 1), source
        if len(rows) > 1000:
            assert bad / len(rows) <= 0.02, source


def test_malformed_values_of_every_kind_are_present(demo):
    values = Counter(v for rows in demo.rows.values() for r in rows for v in r.values())
    for v in ("2025-13-45T10:00:00Z", "not a date", "31/02/2025", "12,5O", "abc", "XXX", "teleport"):
        assert values[v] >= 1, v
    assert any(values[v] for v in names_of("purpose")), "unknown purpose"
    assert any(values[v] for v in names_of("decision")), "unknown decision"
    negative = [
        r[c] for s, cols in AMOUNT_COLUMNS.items() for r in demo.rows[s] for c in cols if r[c].startswith("-")
    ]
    assert len(negative) >= 3
    requests = demo.rows["privacy_requests"]
    assert any(r["request_type"] not in CODES["request_type"] for r in requests) or any(
        not r["request_id"] for r in requests
    )
    erasures = [r for r in requests if r["request_type"] == "erasure"]
    assert erasures and all(r["request_id"] and parse_ts(r["received_at"]) for r in erasures)


def names_of(col: str) -> tuple[str, ...]:
    return gen.UNKNOWN_CODES[col]


def test_timestamps_mix_utc_offsets_and_naive(demo):
    texts = [r[c] for s, cols in TIMESTAMP_COLUMNS.items() for r in demo.rows[s] for c in cols if r[c]]
    kinds = Counter()
    for t in texts:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", t):
            kinds["z"] += 1
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+\d{2}:\d{2}", t):
            kinds["plus"] += 1
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-\d{2}:\d{2}", t):
            kinds["minus"] += 1
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", t):
            kinds["naive"] += 1
    assert kinds["z"] > 0.8 * len(texts)
    assert kinds["plus"] and kinds["minus"] and kinds["naive"]
    assert any(t.endswith("+02:00") for t in texts) and any(t.endswith("-05:00") for t in texts)
    birth_dates = [r["birth_date"] for r in demo.rows["crm_contacts"] if r["birth_date"]]
    assert sum(bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d)) for d in birth_dates) > 0.99 * len(birth_dates)


def test_offsets_and_naive_times_denote_the_same_instants(demo):
    """An order's purchase web event is written in whatever format, but at the same instant."""
    orders = {r["order_id"]: parse_ts(r["ordered_at"]) for r in demo.rows["shop_orders"] if r["order_id"]}
    parsed = [t for t in orders.values() if t]
    assert parsed and max(parsed) <= dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
    assert min(parsed) >= dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def test_booleans_are_mostly_true_false_with_variants(demo):
    values = Counter(r["gpc_enabled"] for r in demo.rows["web_events"])
    values += Counter(r["used_third_party_cookies"] for r in demo.rows["ads_clicks"])
    values += Counter(r["used_third_party_cookies"] for r in demo.rows["ads_conversions"])
    total = sum(values.values())
    assert values["true"] + values["false"] > 0.95 * total
    for v in ("TRUE", "1", "0", ""):
        assert values[v] >= 1, v


def test_countries_are_spelled_many_ways(demo):
    values = {r["country"] for s in ("crm_contacts", "shop_customers") for r in demo.rows[s]}
    for v in ("GB", "uk", "United Kingdom", "GBR", "Deutschland", "germany", "Nederland", "US", "IE"):
        assert v in values, v


def test_leading_zeros_survive(demo):
    assert all(r["loyalty_id"].startswith("00") for r in demo.rows["pos_loyalty_members"] if r["loyalty_id"])
    postcodes = [r["postcode"] for r in demo.rows["crm_contacts"]]
    assert any(re.fullmatch(r"0\d{4}", p) for p in postcodes)


# ---------------------------------------------------------------------------------------------
# the channels link up as real ones do
# ---------------------------------------------------------------------------------------------
def test_gpc_devices_and_erased_persons_seen_in_many_exports(demo):
    assert sum(r["gpc_enabled"] == "true" for r in demo.rows["web_events"]) > 100
    exports_of: dict[str, set[str]] = defaultdict(set)
    for (source, _), p in demo.person_of.items():
        exports_of[p].add(source)
    erased = {p for p, r in demo.keyed("privacy_requests") if r["request_type"] == "erasure"}
    assert len(erased) >= 5
    assert max(len(exports_of[p]) for p in erased) >= 8


def test_logins_link_cookies_to_shop_accounts_and_anonymous_visitors_exist(demo):
    account_of = {r["shop_customer_id"]: p for p, r in demo.keyed("shop_customers")}
    logins = [(p, r) for p, r in demo.keyed("web_events") if r["event_type"] == "login"]
    assert len(logins) > 500
    assert all(r["user_id"] and account_of.get(r["user_id"], p) == p for p, r in logins)
    identified = {p for p, r in demo.keyed("web_events") if r["user_id"]}
    anonymous = {p for p, _ in demo.keyed("web_events")} - identified - set(account_of.values())
    assert len(anonymous) > 100


def test_ad_clicks_land_as_web_events(demo):
    web_ids = {r["anonymous_id"] for r in demo.rows["web_events"]}
    clicks = [r["anonymous_id"] for r in demo.rows["ads_clicks"] if r["anonymous_id"]]
    assert sum(c in web_ids for c in clicks) >= 0.98 * len(clicks)
    clicks_rows = demo.rows["ads_clicks"]
    share = sum(r["used_third_party_cookies"] == "true" for r in clicks_rows) / len(clicks_rows)
    assert 0.15 < share < 0.6


def test_cookie_banner_decisions_are_made_by_browsers_that_visit_the_site(demo):
    browsers = {r["anonymous_id"] for r in demo.rows["web_events"] if r["anonymous_id"]}
    consents = demo.rows["consent_events"]
    banner = [r for r in consents if r["subject_type"] == "anonymous_id" and r["subject_value"]]
    assert len(banner) > 1000
    assert all(r["subject_value"] in browsers for r in banner)
    cookies = {r["subject_value"] for r in banner}
    assert 0.7 <= len(cookies) / len(browsers) <= 0.9  # BANNER_DECISION_RATE of the browsers answer


def test_email_clicks_land_as_decorated_web_events_and_some_are_forwarded(demo):
    subscriber_of = {r["subscriber_id"]: p for p, r in demo.keyed("esp_subscribers")}
    landings = [(p, r) for p, r in demo.keyed("web_events") if r["email_subscriber_id"]]
    clicks = [r for r in demo.rows["esp_events"] if r["event_type"] == "click"]
    assert 0.7 * len(clicks) <= len(landings) <= len(clicks)
    assert all(r["utm_source"] == "newsletter" and r["utm_medium"] == "email" for _, r in landings)
    assert all(r["email_subscriber_id"] in subscriber_of for _, r in landings)
    forwarded = [r for p, r in landings if subscriber_of[r["email_subscriber_id"]] != p]
    assert 0 < len(forwarded) <= 0.03 * len(landings)


def test_hashed_emails_are_sha256_of_the_persons_normalised_email(demo):
    hashes_of: dict[str, set[str]] = defaultdict(set)
    for p, _, e in demo.emails():
        hashes_of[p].add(hashlib.sha256(norm_email(e).encode()).hexdigest())
    rows = [(p, r["hashed_email"]) for p, r in demo.keyed("ads_conversions") if r["hashed_email"]]
    assert rows
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for _, h in rows)
    # the platform may hash an address the person gave it alone (seen in no other export)
    assert sum(h in hashes_of[p] for p, h in rows) >= 0.9 * len(rows)


def test_orders_repeat_like_bg_nbd_and_totals_add_up(demo):
    per_buyer = Counter(p for p, _ in demo.keyed("shop_orders"))
    mean = statistics.mean(per_buyer.values())
    assert 2.4 <= mean <= 3.8
    assert max(per_buyer.values()) >= 12
    assert sum(v == 1 for v in per_buyer.values()) > 0.3 * len(per_buyer)
    lines: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in demo.rows["shop_order_lines"]:
        lines[r["order_id"]].append(r)
    checked = 0
    for o in demo.rows["shop_orders"]:
        ls = {r["order_line_id"]: r for r in lines.get(o["order_id"], [])}.values()
        if not ls or _bad("shop_orders", o) or any(_bad("shop_order_lines", r) for r in ls):
            continue
        assert 1 <= len(ls) <= 4
        cents = sum(int(r["quantity"]) * round(float(r["unit_price"]) * 100) for r in ls)
        assert cents == round(float(o["total_amount"]) * 100), o["order_id"]
        checked += 1
    assert checked > 0.9 * len(demo.rows["shop_orders"])
    refunded = {r["order_id"] for r in demo.rows["shop_refunds"]}
    assert 0.05 <= len(refunded) / len(demo.rows["shop_orders"]) <= 0.12


def test_channel_volumes_are_plausible(demo):
    n = gen.DEMO_PERSONS
    persons = {s: {p for p, _ in demo.keyed(s)} for s in demo.rows}
    for source, lo, hi in (
        ("crm_contacts", 0.64, 0.76),
        ("shop_customers", 0.54, 0.66),
        ("esp_subscribers", 0.44, 0.56),
        ("ads_clicks", 0.35, 0.45),
        ("service_tickets", 0.16, 0.24),
        ("pos_loyalty_members", 0.26, 0.34),
        ("privacy_requests", 0.008, 0.025),
    ):
        assert lo <= len(persons[source]) / n <= hi, source
    assert 20_000 <= len(demo.rows["web_events"]) <= 30_000
    assert 2.5 <= len(demo.rows["consent_events"]) / n <= 4.5  # one banner decision per browser
    assert 6.5 <= len(demo.rows["esp_events"]) / len(demo.rows["esp_subscribers"]) <= 9.5
    assert 2.5 <= len(demo.rows["pos_transactions"]) / len(demo.rows["pos_loyalty_members"]) <= 3.6
    conversions = len(demo.rows["ads_conversions"]) / len(demo.rows["ads_clicks"])
    assert 0.25 <= conversions <= 0.35
