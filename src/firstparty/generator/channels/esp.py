"""The email service provider: `esp_subscribers` (one per person and list) and `esp_events` (sends of
campaigns, opens, clicks, unsubscribes, bounces). Leaves `chunk.esp_unsubscribes` for consent and
`chunk.esp_clicks` for the web channel."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from firstparty import _names as names
from firstparty import _synth as syn
from firstparty.generator import config as cfg
from firstparty.generator.table import table

if TYPE_CHECKING:
    from firstparty.generator.chunk import Chunk

SUBSCRIBED, UNSUBSCRIBED, CLEANED = range(3)
SEND, OPEN, CLICK, UNSUBSCRIBE, BOUNCE = range(5)


def build(ch: Chunk) -> None:
    ctx, P, rng = ch.ctx, ch.P, ch.rng
    p = np.flatnonzero(P.in_esp)
    second = p[rng.random(len(p)) < cfg.ESP_SECOND_LIST_RATE]
    sp = np.concatenate([p, second])
    n = len(sp)
    lo = P.t0[sp] + rng.integers(0, cfg.ESP_SUBSCRIBE_DAYS * syn.DAY, n)
    sub_at = ch.times_after(lo, end_margin=cfg.ESP_SUBSCRIBE_END_MARGIN_DAYS * syn.DAY)
    srt = np.argsort(sub_at, kind="stable")
    sp, sub_at = sp[srt], sub_at[srt]
    is_second = srt >= len(p)
    list_idx = np.where(
        is_second, rng.integers(1, len(cfg.ESP_LIST_SHARES), n), ch.draw(cfg.ESP_LIST_SHARES, n)
    )
    work = np.where(is_second, cfg.ESP_SECOND_LIST_WORK_EMAIL_RATE, cfg.ESP_WORK_EMAIL_RATE)
    email_canon = ch.pick_email(sp, work=work, family=0.0)
    email_text = ch.email_noise(email_canon)
    status = ch.draw(cfg.ESP_STATUS_SHARES, n)
    end_at = np.where(
        status == SUBSCRIBED,
        ctx.t_end,
        sub_at + (rng.random(n) * (ctx.t_end - sub_at)).astype(np.int64),
    )
    sub_id = ch.hex_ids("subscriber", n, 0x5B5)
    ch.tables["esp_subscribers"] = table(
        "esp_subscribers",
        sp,
        sub_at,
        subscriber_id=sub_id,
        email=email_text,
        first_name=ch.missing(ch.first_names(sp), "esp_subscribers.first_name"),
        list_name=syn.objs(names.ESP_LISTS)[list_idx],
        status=syn.objs(["subscribed", "unsubscribed", "cleaned"])[status],
        subscribed_at=ch.ts(sub_at, sp),
    )
    subscriptions = dict(
        person=sp, start=sub_at, end=end_at, status=status, id=sub_id, canon=email_canon, text=email_text
    )
    _events(ch, subscriptions)


def _events(ch: Chunk, subscriptions: dict[str, np.ndarray]) -> None:
    """Sends of campaigns between subscribing and leaving, opens, clicks, unsubscribes, bounces."""
    ctx, rng = ch.ctx, ch.rng
    sp, sub_at, end_at, status = (subscriptions[k] for k in ("person", "start", "end", "status"))
    sub_id, email_canon, email_text = (subscriptions[k] for k in ("id", "canon", "text"))
    n = len(sp)
    camp_t = ctx.esp_campaign_time
    lo = np.searchsorted(camp_t, sub_at, side="right")
    hi = np.searchsorted(camp_t, end_at, side="left")
    avail = np.maximum(hi - lo, 0)
    k = np.minimum(rng.poisson(cfg.ESP_SENDS_PER_SUBSCRIBER, n), avail)
    s_sub = np.repeat(np.arange(n), k)
    s_camp = lo[s_sub] + (rng.random(len(s_sub)) * avail[s_sub]).astype(np.int64)
    pair = np.unique(s_sub.astype(np.int64) * len(camp_t) + s_camp)
    s_sub, s_camp = pair // len(camp_t), pair % len(camp_t)
    s_time = camp_t[s_camp] + rng.integers(0, cfg.ESP_SEND_SPREAD_S, len(s_sub))
    o_sub, o_camp, o_time = _next_step(
        rng, s_sub, s_camp, s_time, cfg.ESP_OPEN_RATE, cfg.ESP_OPEN_DELAY_S, cfg.ESP_OPEN_MIN_S
    )
    c_sub, c_camp, c_time = _next_step(
        rng, o_sub, o_camp, o_time, cfg.ESP_CLICK_RATE, cfg.ESP_CLICK_DELAY_S, cfg.ESP_CLICK_MIN_S
    )
    leave = np.flatnonzero(status != SUBSCRIBED)
    l_camp = np.clip(hi[leave] - 1, 0, len(camp_t) - 1)
    ev_sub = np.concatenate([s_sub, o_sub, c_sub, leave])
    ev_camp = np.concatenate([s_camp, o_camp, c_camp, l_camp])
    ev_time = np.concatenate([s_time, o_time, c_time, end_at[leave]])
    ev_type = np.concatenate(
        [
            np.full(len(s_sub), SEND),
            np.full(len(o_sub), OPEN),
            np.full(len(c_sub), CLICK),
            np.where(status[leave] == UNSUBSCRIBED, UNSUBSCRIBE, BOUNCE),
        ]
    )
    keep = ev_time <= ctx.t_end
    ev_sub, ev_camp, ev_time, ev_type = ev_sub[keep], ev_camp[keep], ev_time[keep], ev_type[keep]
    srt = np.argsort(ev_time, kind="stable")
    ev_sub, ev_camp, ev_time, ev_type = ev_sub[srt], ev_camp[srt], ev_time[srt], ev_type[srt]
    ev_email = email_text[ev_sub].copy()
    # the platform's own log often holds the normalised form
    lower = rng.random(len(ev_sub)) < cfg.ESP_EVENT_NORMALISED_EMAIL_RATE
    ev_email[lower] = email_canon[ev_sub][lower]
    ch.tables["esp_events"] = table(
        "esp_events",
        sp[ev_sub],
        ev_time,
        event_id=ch.hex_ids("esp_event", len(ev_sub), 0xE5E),
        subscriber_id=sub_id[ev_sub],
        email=ev_email,
        campaign_id=ctx.esp_campaign_id[ev_camp],
        event_type=syn.objs(["send", "open", "click", "unsubscribe", "bounce"])[ev_type],
        occurred_at=ch.ts(ev_time, sp[ev_sub]),
    )
    unsub = ev_type == UNSUBSCRIBE
    ch.esp_unsubscribes = (sp[ev_sub][unsub], email_text[ev_sub][unsub], ev_time[unsub])
    click = ev_type == CLICK
    ch.esp_clicks = dict(
        person=sp[ev_sub][click],
        time=ev_time[click],
        subscriber_id=sub_id[ev_sub][click],
        campaign=ctx.esp_campaign_id[ev_camp][click],
    )


def _next_step(
    rng: np.random.Generator,
    sub: np.ndarray,
    camp: np.ndarray,
    time: np.ndarray,
    rate: float,
    mean_delay: float,
    min_delay: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The share `rate` of (subscriber, campaign, time) events that lead to the next step (send -> open
    -> click), `min_delay` plus an exponential delay of mean `mean_delay` seconds later."""
    went_on = rng.random(len(sub)) < rate
    delay = rng.exponential(mean_delay, int(went_on.sum())).astype(np.int64)
    return sub[went_on], camp[went_on], time[went_on] + delay + min_delay
