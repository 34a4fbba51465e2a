"""Point of sale: `pos_loyalty_members` (enrolments) and `pos_transactions` (members' purchases, the
card scanned or not, and walk-in customers without a card)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from firstparty import _names as names
from firstparty import _synth as syn
from firstparty.generator import config as cfg
from firstparty.generator.context import CURRENCIES, CURRENCY_OF_COUNTRY
from firstparty.generator.table import table

if TYPE_CHECKING:
    from firstparty.generator.chunk import Chunk


def build(ch: Chunk) -> None:
    P, rng = ch.P, ch.rng
    m = np.flatnonzero(P.in_loyalty)
    m = m[np.argsort(P.enrolled_at[m], kind="stable")]
    email = ch.pick_email(
        m,
        work=cfg.LOYALTY_WORK_EMAIL_RATE,
        family=cfg.FAMILY_EMAIL_USE_RATE,
        placeholder=cfg.PLACEHOLDER_EMAIL_RATE,
    )
    ch.tables["pos_loyalty_members"] = table(
        "pos_loyalty_members",
        m,
        P.enrolled_at[m],
        loyalty_id=P.loyalty_id[m],
        email=ch.missing(ch.email_noise(email), "pos_loyalty_members.email"),
        phone=ch.missing(ch.phones(m), "pos_loyalty_members.phone"),
        first_name=ch.first_names(m),
        last_name=ch.missing(ch.last_names(m), "pos_loyalty_members.last_name"),
        postcode=ch.missing(ch.postcodes(m), "pos_loyalty_members.postcode"),
        enrolled_at=ch.ts(P.enrolled_at[m], m),
    )
    walk = np.flatnonzero(~P.in_loyalty & (rng.random(P.n) < cfg.WALK_IN_SHARE))
    tp = np.concatenate([np.repeat(m, 1 + rng.poisson(cfg.POS_EXTRA_TRANSACTIONS, len(m))), walk])
    member_tx = np.concatenate([np.ones(len(tp) - len(walk), bool), np.zeros(len(walk), bool)])
    n = len(tp)
    lo = np.where(member_tx, P.enrolled_at[tp], P.t0[tp])
    t_time = ch.times_after(lo, end_margin=cfg.POS_END_MARGIN_S)
    srt = np.argsort(t_time, kind="stable")
    tp, t_time, member_tx = tp[srt], t_time[srt], member_tx[srt]
    scanned = member_tx & (rng.random(n) < cfg.POS_CARD_SCANNED_RATE)
    c = P.country[tp]
    stores = rng.integers(1, cfg.POS_STORES_PER_COUNTRY + 1, n)
    store = syn.objs([f"{names.COUNTRIES[int(ci)]}{s:03d}" for ci, s in zip(c, stores, strict=True)])
    basket = rng.lognormal(np.log(cfg.POS_AMOUNT_MEDIAN_PENCE), cfg.POS_AMOUNT_SIGMA, n)
    amount = (basket * np.array(cfg.FX_FROM_GBP)[CURRENCY_OF_COUNTRY[c]]).astype(
        np.int64
    ) + cfg.POS_AMOUNT_MIN
    ch.tables["pos_transactions"] = table(
        "pos_transactions",
        tp,
        t_time,
        transaction_id=ch.ids("pos", "T{:09d}", n, base=7_000_001),
        loyalty_id=np.where(scanned, P.loyalty_id[tp], "").astype(object),
        store_id=store,
        currency=syn.objs(CURRENCIES)[CURRENCY_OF_COUNTRY[c]],
        total_amount=syn.money(amount),
        transacted_at=ch.ts(t_time, tp),
    )
