"""Ad platforms: `ads_clicks` (google, meta, other) and `ads_conversions` (the person's next order
within a week when there is one, else another value). Leaves `chunk.clicks` for the web channel."""

from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING

import numpy as np

from firstparty import _synth as syn
from firstparty.generator import config as cfg
from firstparty.generator.context import CURRENCIES
from firstparty.generator.table import table

if TYPE_CHECKING:
    from firstparty.generator.chunk import Chunk

CLICK_ID_PREFIXES = ("Cj0KCQjw", "IwAR", "cl_")  # gclid, fbclid, other: how each platform's ids start


def build(ch: Chunk) -> None:
    ctx, P, rng = ch.ctx, ch.P, ch.rng
    p = np.flatnonzero(P.in_ads)
    cp = np.repeat(p, 1 + rng.poisson(cfg.ADS_EXTRA_CLICKS, len(p)))
    n = len(cp)
    c_time = ch.times_after(P.t0[cp], end_margin=cfg.ADS_CLICK_END_MARGIN_S)
    srt = np.argsort(c_time, kind="stable")
    cp, c_time = cp[srt], c_time[srt]
    device = ch.device(cp)
    platform = ch.draw(cfg.ADS_PLATFORM_SHARES, n)
    campaign = np.empty(n, dtype=object)
    for k, pool in enumerate(ctx.ad_campaigns):
        m = platform == k
        campaign[m] = pool[rng.integers(0, len(pool), int(m.sum()))]
    raw = syn.mix64(ch.counter_values("click", n), ctx.seed ^ 0xC11C)
    tail = syn.mix64(raw, 0x7A11)
    click_id = np.empty(n, dtype=object)
    for i in range(n):
        token = base64.urlsafe_b64encode(int(raw[i]).to_bytes(8, "big") + int(tail[i]).to_bytes(8, "big"))
        click_id[i] = CLICK_ID_PREFIXES[platform[i]] + token.decode("ascii").rstrip("=")
    cost = np.maximum(
        (
            rng.lognormal(np.log(np.array(cfg.ADS_COST_MEDIAN_PENCE))[platform], cfg.ADS_COST_SIGMA)
            * np.array(cfg.FX_FROM_GBP)[P.currency[cp]]
        ),
        cfg.ADS_COST_MIN,
    ).astype(np.int64)
    third_party = rng.random(n) < np.array(cfg.ADS_THIRD_PARTY_COOKIE_RATES)[platform]
    ch.clicks = dict(person=cp, time=c_time, device=device, platform=platform, campaign=campaign)
    ch.tables["ads_clicks"] = table(
        "ads_clicks",
        cp,
        c_time,
        click_id=click_id,
        anonymous_id=ch.missing(P.dev_anon[device], "ads_clicks.anonymous_id"),
        platform=syn.objs(["google", "meta", "other"])[platform],
        campaign_id=campaign,
        currency=syn.objs(CURRENCIES)[P.currency[cp]],
        cost_amount=syn.money(cost),
        used_third_party_cookies=syn.booleans(rng, third_party, cfg.BOOLEAN_VARIANT_RATE),
        clicked_at=ch.ts(c_time, cp),
    )
    _conversions(ch, cp, c_time, click_id)


def _conversions(ch: Chunk, cp: np.ndarray, c_time: np.ndarray, click_id: np.ndarray) -> None:
    """The person's next order within a week when there is one, else another value."""
    ctx, P, rng = ch.ctx, ch.P, ch.rng
    conv = np.flatnonzero(rng.random(len(cp)) < cfg.CONVERSION_RATE)
    o = ch.orders
    # orders and conversions keyed by (person, time) in one sortable integer
    okey = o["person"].astype(np.int64) * (1 << 34) + (o["time"] - ctx.t_start + (1 << 32))
    osrt = np.argsort(okey, kind="stable")
    ckey = cp[conv].astype(np.int64) * (1 << 34) + (c_time[conv] - ctx.t_start + (1 << 32))
    pos = np.searchsorted(okey[osrt], ckey)
    pos_ok = pos < len(osrt)
    oi = osrt[np.minimum(pos, max(len(osrt) - 1, 0))] if len(osrt) else np.zeros(len(conv), dtype=np.int64)
    matched = pos_ok & (len(osrt) > 0)
    if len(osrt):
        within = o["time"][oi] - c_time[conv] <= cfg.ADS_CONVERSION_ORDER_DAYS * syn.DAY
        matched &= (o["person"][oi] == cp[conv]) & within
    v_time = np.where(
        matched,
        o["time"][oi] + cfg.ADS_CONVERSION_ORDER_LAG_S if len(osrt) else 0,
        c_time[conv]
        + rng.exponential(cfg.ADS_CONVERSION_DELAY_DAYS * syn.DAY, len(conv)).astype(np.int64)
        + cfg.ADS_CONVERSION_MIN_S,
    )
    v_time = np.minimum(v_time, ctx.t_end)
    v_cur = np.where(matched, o["currency"][oi] if len(osrt) else 0, P.currency[cp[conv]])
    v_val = np.where(
        matched,
        o["total"][oi] if len(osrt) else 0,
        (
            rng.lognormal(np.log(cfg.ADS_CONVERSION_VALUE_MEDIAN), cfg.ADS_CONVERSION_VALUE_SIGMA, len(conv))
        ).astype(np.int64),
    )
    srt = np.argsort(v_time, kind="stable")
    conv, v_time, v_cur, v_val = conv[srt], v_time[srt], v_cur[srt], v_val[srt]
    vp = cp[conv]
    hashed = syn.blanks(len(conv))
    mail = ch.pick_email(vp, work=cfg.ADS_CONVERSION_WORK_EMAIL_RATE, family=0.0)
    for i, e in enumerate(mail):
        hashed[i] = hashlib.sha256(ch.account_email.get(int(vp[i]), e).strip().lower().encode()).hexdigest()
    ch.tables["ads_conversions"] = table(
        "ads_conversions",
        vp,
        v_time,
        conversion_id=ch.ids("conversion", "CV{:09d}", len(conv)),
        click_id=ch.missing(click_id[conv], "ads_conversions.click_id"),
        hashed_email=ch.missing(hashed, "ads_conversions.hashed_email"),
        currency=syn.objs(CURRENCIES)[v_cur],
        conversion_value=syn.money(v_val),
        used_third_party_cookies=syn.booleans(
            rng, rng.random(len(conv)) < cfg.ADS_CONVERSION_THIRD_PARTY_RATE, cfg.BOOLEAN_VARIANT_RATE
        ),
        converted_at=ch.ts(v_time, vp),
    )
