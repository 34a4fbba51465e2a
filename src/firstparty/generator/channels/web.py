"""Web analytics: `web_events`, in sessions of four kinds: browsing, purchase (ending in the order's
confirmation), ad click and email click-through (landing with utm tags and, for email, the
subscriber id). Leaves `chunk.web_devices` (each browser's first visit) for the cookie banner."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from firstparty import _names as names
from firstparty import _synth as syn
from firstparty.generator import config as cfg
from firstparty.generator.table import EXPORT, table

if TYPE_CHECKING:
    from firstparty.generator.chunk import Chunk

# Web event type codes.
PV, PRV, ATC, CS, PUR, LOGIN = range(6)
WEB_EVENT_TYPES = np.array(
    ["page_view", "product_view", "add_to_cart", "checkout_started", "purchase", "login"], dtype=object
)
# Session kinds.
BROWSE, PURCHASE, AD_CLICK, EMAIL_CLICK = range(4)
# utm source and medium of tagged organic landings
ORGANIC = np.array(
    [("facebook", "social"), ("instagram", "social"), ("partner_blog", "referral"), ("pinterest", "social")],
    dtype=object,
)


def build(ch: Chunk) -> None:
    P, rng = ch.P, ch.rng
    o, c = ch.orders, ch.clicks
    # sessions: (person, device, anchor time, kind, order)
    tracked = np.flatnonzero(P.in_web[o["person"]] & (rng.random(len(o["person"])) < cfg.TRACKED_ORDER_RATE))
    if not len(o["person"]):  # a dummy order keeps the lookups below valid in tiny populations
        o = {k: np.zeros(1, dtype=v.dtype) for k, v in o.items()}
    wp = np.flatnonzero(P.in_web)
    bp = np.repeat(wp, rng.poisson(cfg.WEB_BROWSE_SESSIONS, len(wp)))
    b_time = ch.times_after(P.t0[bp], end_margin=cfg.WEB_BROWSE_END_MARGIN_S)
    # email click-throughs: the email link's URL carries the subscriber id (link decoration);
    # a few are clicked by somebody the email was forwarded to, on that person's own device
    e = ch.esp_clicks
    e_keep = np.flatnonzero(rng.random(len(e["person"])) < cfg.EMAIL_CLICK_TRACKED_RATE)
    e_person = e["person"][e_keep].copy()
    forwarded = rng.random(len(e_keep)) < cfg.EMAIL_FORWARD_RATE
    if P.n > 1:
        e_person[forwarded] = (e_person[forwarded] + rng.integers(1, P.n, int(forwarded.sum()))) % P.n
    s_person = np.concatenate([bp, o["person"][tracked], c["person"], e_person])
    s_kind = np.concatenate(
        [
            np.full(len(bp), BROWSE),
            np.full(len(tracked), PURCHASE),
            np.full(len(c["person"]), AD_CLICK),
            np.full(len(e_keep), EMAIL_CLICK),
        ]
    )
    s_anchor = np.concatenate(
        [
            b_time,
            o["time"][tracked],
            c["time"] + rng.integers(*cfg.WEB_LANDING_DELAY_S, len(c["person"])),
            e["time"][e_keep] + rng.integers(*cfg.WEB_LANDING_DELAY_S, len(e_keep)),
        ]
    )
    s_device = np.concatenate(
        [ch.device(bp), ch.device(o["person"][tracked]), c["device"], ch.device(e_person)]
    )
    s_order = np.concatenate(
        [np.full(len(bp), -1), tracked, np.full(len(c["person"]), -1), np.full(len(e_keep), -1)]
    )
    if len(s_person) == 0:  # only in tiny populations
        ch.web_devices = {k: np.zeros(0, dtype=np.int64) for k in ("person", "device", "time")}
        empty = syn.blanks(0)
        columns = {name: empty for name in EXPORT["web_events"].column_names}
        ch.tables["web_events"] = table("web_events", np.zeros(0, np.int64), np.zeros(0), **columns)
        return
    sessions = dict(person=s_person, kind=s_kind, anchor=s_anchor, device=s_device, order=s_order)
    _events(ch, o, sessions, e_keep, first_ad=len(bp) + len(tracked))


def _events(
    ch: Chunk, o: dict[str, np.ndarray], sessions: dict[str, np.ndarray], e_keep: np.ndarray, first_ad: int
) -> None:
    """The events of every session: types, times, pages, utm tags, ids."""
    ctx, P, rng = ch.ctx, ch.P, ch.rng
    c, e = ch.clicks, ch.esp_clicks
    s_person, s_kind, s_anchor, s_device, s_order = (
        sessions[k] for k in ("person", "kind", "anchor", "device", "order")
    )
    n_s = len(s_person)
    s_lines = np.where(s_kind == PURCHASE, o["n_lines"][np.maximum(s_order, 0)], 0)
    can_login = P.has_account[s_person]
    login_rate = np.where(s_kind == BROWSE, cfg.WEB_BROWSE_LOGIN_RATE, cfg.WEB_CLICK_LOGIN_RATE)
    s_login = np.where(
        s_kind == PURCHASE,
        ~o["guest"][np.maximum(s_order, 0)] & (rng.random(n_s) < cfg.WEB_PURCHASE_LOGIN_RATE),
        can_login & (rng.random(n_s) < login_rate),
    )
    extra = np.where(s_kind == BROWSE, cfg.WEB_BROWSE_EVENTS, cfg.WEB_CLICK_EVENTS)
    s_len = np.where(
        s_kind == PURCHASE,
        2 * s_lines + 3 + s_login,
        np.maximum(1 + rng.poisson(extra), 1 + s_login),
    ).astype(np.int64)
    # utm on the landing event
    s_utm = np.full(n_s, -1)
    tagged = (s_kind < AD_CLICK) & (rng.random(n_s) < cfg.WEB_UTM_TAGGED_RATE)
    s_utm[tagged] = rng.integers(0, len(ORGANIC), int(tagged.sum()))

    # events: a purchase session runs landing, product views, add to carts, checkout, (login), purchase
    ev_s = np.repeat(np.arange(n_s), s_len)
    start = np.concatenate([[0], np.cumsum(s_len)[:-1]]).astype(np.int64)
    j = np.arange(len(ev_s)) - start[ev_s]
    n_ev = len(ev_s)
    kind = s_kind[ev_s]
    L = s_lines[ev_s]
    g = s_login[ev_s]
    rand_type = rng.choice([PV, PRV, ATC, CS], n_ev, p=cfg.WEB_EVENT_TYPE_SHARES)
    etype = np.where(j == 0, PV, np.where(g & (j == 1), LOGIN, rand_type))
    p_type = np.select(
        [j == 0, j <= L, j <= 2 * L, j == 2 * L + 1, g & (j == 2 * L + 2)],
        [PV, PRV, ATC, CS, LOGIN],
        PUR,
    )
    etype = np.where(kind == PURCHASE, p_type, etype)
    login_pos = np.where(s_kind == PURCHASE, 2 * s_lines + 2, 1)
    logged_in = s_login[ev_s] & (j >= login_pos[ev_s])

    gaps = rng.exponential(cfg.WEB_EVENT_GAP_S, n_ev).astype(np.int64) + cfg.WEB_EVENT_MIN_GAP_S
    gaps[j == 0] = 0
    cum = np.cumsum(gaps)
    offset = cum - cum[start][ev_s]
    total = offset[start + s_len - 1]
    s_begin = np.where(s_kind == PURCHASE, s_anchor - total, s_anchor)
    e_time = np.clip(s_begin[ev_s] + offset, ctx.t_start, ctx.t_end)

    # page paths
    line_idx = np.where(kind == PURCHASE, o["line_start"][np.maximum(s_order[ev_s], 0)], 0)
    k_in_order = np.where(j <= L, j - 1, j - 1 - L)
    sku_idx = np.where(
        kind == PURCHASE,
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
    utm_src[org] = ORGANIC[s_utm[s_utm >= 0], 0]
    utm_med[org] = ORGANIC[s_utm[s_utm >= 0], 1]
    ad_s = np.flatnonzero(s_kind == AD_CLICK)
    ad_first = first_ev[ad_s]
    ci = ad_s - first_ad
    utm_src[ad_first] = syn.objs(["google", "facebook", "criteo"])[c["platform"][ci]]
    utm_med[ad_first] = syn.objs(["cpc", "paid_social", "display"])[c["platform"][ci]]
    utm_cmp[ad_first] = c["campaign"][ci]
    email_s = np.flatnonzero(s_kind == EMAIL_CLICK)
    email_first = first_ev[email_s]
    ei = e_keep[email_s - (first_ad + len(c["person"]))]
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
    session_id = ch.hex_ids("session", n_s, 0x5E55)
    cols = dict(
        event_id=syn.uuid_like(ch.counter_values("web_event", n_ev), ctx.seed ^ 0xE7E),
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
        gpc_enabled=syn.booleans(rng, P.dev_gpc[dev][srt], cfg.BOOLEAN_VARIANT_RATE),
        occurred_at=ch.ts(e_time[srt], person[srt]),
    )
    ch.tables["web_events"] = table("web_events", person[srt], e_time[srt], **cols)
    # each browser's first visit, where the cookie banner is shown
    by_device = np.lexsort((e_time, dev))
    first = by_device[np.r_[True, dev[by_device][1:] != dev[by_device][:-1]]]
    ch.web_devices = dict(person=person[first], device=dev[first], time=e_time[first])
