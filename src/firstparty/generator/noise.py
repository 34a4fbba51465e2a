"""The noise real exports carry: on values (letter case, spaces, nicknames, typos, spellings, empty
values) and on finished tables (malformed rows, rows repeated verbatim).

Value noise is applied by the channel builders through `Chunk` as they write each column; table
noise by `apply_table_noise` once every channel is built, in `NOISE_PLAN` order. Each function draws
from the chunk's random streams in a fixed order, so the same seed gives the same noise. Rates live
in `config.py`.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

import numpy as np

from firstparty import _names as names
from firstparty import _synth as syn
from firstparty.generator import config as cfg
from firstparty.generator.table import Table

if TYPE_CHECKING:
    from firstparty.generator.chunk import Chunk

# Values written into malformed rows.
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


# ---------------------------------------------------------------------------------------------
# values
# ---------------------------------------------------------------------------------------------
def blank_some(rng: np.random.Generator, col: np.ndarray, rate: float) -> np.ndarray:
    """A copy of `col` with a share `rate` of its values left empty."""
    out = col.copy()
    out[rng.random(len(col)) < rate] = ""
    return out


def email_variants(rng: np.random.Generator, r: random.Random, emails: np.ndarray) -> np.ndarray:
    """Emails as typed: some in another letter case, some with spaces around them."""
    out = emails.copy()
    u = rng.random((2, len(out)))
    for i in np.flatnonzero(u[0] < cfg.EMAIL_CASE_RATE):
        if out[i]:
            out[i] = syn.email_case_variant(out[i], r)
    for i in np.flatnonzero(u[1] < cfg.EMAIL_SPACE_RATE):
        out[i] = syn.space_variant(out[i], r)
    return out


def nicknames(rng: np.random.Generator, r: random.Random, first: np.ndarray, rate: float) -> np.ndarray:
    """Given names with a share `rate` written as one of their nicknames (when they have one)."""
    out = first.copy()
    u = rng.random(len(out))
    for i in np.flatnonzero(u < rate):
        nick = names.NICKNAMES.get(out[i])
        if nick:
            out[i] = r.choice(nick)
    return out


def name_variants(rng: np.random.Generator, r: random.Random, out: np.ndarray) -> np.ndarray:
    """Names with one-character typos and some in UPPER or lower case (changes `out` in place)."""
    u = rng.random((2, len(out)))
    for i in np.flatnonzero(u[0] < cfg.NAME_TYPO_RATE):
        out[i] = syn.typo(out[i], r)
    for i in np.flatnonzero(u[1] < cfg.NAME_CASE_RATE):
        out[i] = out[i].upper() if r.random() < cfg.NAME_UPPER_RATE else out[i].lower()
    return out


def country_spellings(rng: np.random.Generator, r: random.Random, country: np.ndarray) -> np.ndarray:
    """Country codes as ISO-2 text, some spelt another way (uk, GBR, Deutschland)."""
    out = syn.objs(names.COUNTRIES)[country]
    for i in np.flatnonzero(rng.random(len(country)) < cfg.COUNTRY_VARIANT_RATE):
        out[i] = r.choice(names.COUNTRY_SPELLINGS[int(country[i])][1:])
    return out


def postcode_variants(rng: np.random.Generator, r: random.Random, postcodes: np.ndarray) -> np.ndarray:
    """Postcodes, some without their space or in lower case."""
    out = postcodes.copy()
    for i in np.flatnonzero(rng.random(len(out)) < cfg.POSTCODE_VARIANT_RATE):
        out[i] = out[i].replace(" ", "") if r.random() < cfg.POSTCODE_NO_SPACE_RATE else out[i].lower()
    return out


# ---------------------------------------------------------------------------------------------
# tables
# ---------------------------------------------------------------------------------------------
# identifier -> (malformed rate, corruptions [(kind, column)], exact duplicates?)
NOISE_PLAN: dict[str, tuple[float, tuple[tuple[str, str], ...], bool]] = {
    "crm_contacts": (
        cfg.MALFORMED_ENTITY_RATE,
        (("missing_key", "contact_id"), ("bad_date", "birth_date"), ("bad_ts", "updated_at")),
        True,
    ),
    "shop_customers": (
        cfg.MALFORMED_ENTITY_RATE,
        (("missing_key", "shop_customer_id"), ("bad_ts", "created_at")),
        False,
    ),
    "shop_orders": (
        cfg.MALFORMED_RATE,
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
        cfg.MALFORMED_RATE,
        (
            ("missing_key", "order_line_id"),
            ("bad_amount", "unit_price"),
            ("negative", "unit_price"),
            ("bad_int", "quantity"),
        ),
        True,
    ),
    "shop_refunds": (
        cfg.MALFORMED_RATE,
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
        cfg.MALFORMED_ENTITY_RATE,
        (("missing_key", "subscriber_id"), ("bad_ts", "subscribed_at"), ("code", "status")),
        False,
    ),
    "esp_events": (
        cfg.MALFORMED_RATE,
        (("missing_key", "event_id"), ("code", "event_type"), ("bad_ts", "occurred_at")),
        True,
    ),
    "web_events": (
        cfg.MALFORMED_RATE,
        (
            ("missing_key", "event_id"),
            ("code", "event_type"),
            ("bad_ts", "occurred_at"),
            ("code", "gpc_enabled"),
        ),
        True,
    ),
    "ads_clicks": (
        cfg.MALFORMED_RATE,
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
        cfg.MALFORMED_RATE,
        (
            ("missing_key", "conversion_id"),
            ("bad_amount", "conversion_value"),
            ("code", "currency"),
            ("bad_ts", "converted_at"),
        ),
        False,
    ),
    "service_tickets": (
        cfg.MALFORMED_RATE,
        (
            ("missing_key", "ticket_id"),
            ("bad_ts", "opened_at"),
            ("code", "contact_channel"),
            ("code", "satisfaction_score"),
        ),
        False,
    ),
    "pos_loyalty_members": (
        cfg.MALFORMED_ENTITY_RATE,
        (("missing_key", "loyalty_id"), ("bad_ts", "enrolled_at")),
        False,
    ),
    "pos_transactions": (
        cfg.MALFORMED_RATE,
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
        cfg.MALFORMED_RATE,
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
        cfg.MALFORMED_RATE,
        (("missing_key", "request_id"), ("code", "request_type"), ("bad_ts", "received_at")),
        False,
    ),
}


def apply_table_noise(chunk: Chunk) -> None:
    """Malformed rows and verbatim repeats in every export of the chunk, then each in file order."""
    for identifier, (rate, spec, dup) in NOISE_PLAN.items():
        t = chunk.tables[identifier]
        t = corrupt(chunk, t, rate, spec)
        if dup:
            t = duplicate_rows(chunk.rng, t, cfg.EXACT_DUPLICATE_RATE)
        chunk.tables[identifier] = t.in_file_order()


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
    small = len(rows) < cfg.MALFORMED_SMALL_TABLE_ROWS
    k = min(
        max(cfg.MALFORMED_MIN, int(rng.binomial(len(rows), rate))),
        len(rows) // cfg.MALFORMED_SMALL_TABLE_SHARE if small else len(rows),
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
