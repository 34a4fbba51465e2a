"""Customer service: `service_tickets` by email, phone or chat; phone tickets often carry the
call-centre switchboard number instead of the caller's."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from firstparty import _names as names
from firstparty import _synth as syn
from firstparty.generator import config as cfg
from firstparty.generator.table import table

if TYPE_CHECKING:
    from firstparty.generator.chunk import Chunk

EMAIL, PHONE, CHAT = range(3)


def build(ch: Chunk) -> None:
    ctx, P, rng = ch.ctx, ch.P, ch.rng
    p = np.flatnonzero(P.in_service)
    tp = np.repeat(p, 1 + rng.poisson(cfg.SERVICE_EXTRA_TICKETS, len(p)))
    n = len(tp)
    lo = P.t0[tp] + rng.integers(0, cfg.SERVICE_OPEN_DAYS * syn.DAY, n)
    opened = ch.times_after(lo, end_margin=cfg.SERVICE_END_MARGIN_S)
    srt = np.argsort(opened, kind="stable")
    tp, opened = tp[srt], opened[srt]
    channel = ch.draw(cfg.SERVICE_CHANNEL_SHARES, n)
    has_phone = P.n_phones[tp] > 0
    email = ch.email_noise(
        ch.pick_email(tp, work=cfg.SERVICE_WORK_EMAIL_RATE, family=cfg.FAMILY_EMAIL_USE_RATE)
    )
    email[(channel == PHONE) & (rng.random(n) < cfg.SERVICE_PHONE_NO_EMAIL_RATE)] = ""
    phone = ch.phones(tp, second=cfg.SERVICE_SECOND_PHONE_RATE)
    phone[(channel != PHONE) & (rng.random(n) < cfg.SERVICE_OTHER_NO_PHONE_RATE)] = ""
    switchboard = (channel == PHONE) & ((rng.random(n) < cfg.CALL_CENTRE_PHONE_RATE) | ~has_phone)
    for i in np.flatnonzero(switchboard):
        phone[i] = ch.call_centre_phone()
    closed = (
        opened
        + rng.exponential(cfg.SERVICE_CLOSE_DAYS * syn.DAY, n).astype(np.int64)
        + cfg.SERVICE_CLOSE_MIN_S
    )
    still_open = (closed > ctx.t_end) | (rng.random(n) < cfg.SERVICE_STILL_OPEN_RATE)
    closed_text = ch.ts(np.minimum(closed, ctx.t_end), tp)
    closed_text[still_open] = ""
    score = syn.ints(1 + ch.draw(cfg.SERVICE_SCORE_SHARES, n))
    score[still_open] = ""
    ch.tables["service_tickets"] = table(
        "service_tickets",
        tp,
        opened,
        ticket_id=ch.ids("ticket", "{}", n, base=48_201),
        email=email,
        phone=phone,
        contact_channel=syn.objs(["email", "phone", "chat"])[channel],
        category=syn.objs(names.TICKET_CATEGORIES)[rng.integers(0, len(names.TICKET_CATEGORIES), n)],
        satisfaction_score=ch.missing(score, "service_tickets.satisfaction_score"),
        opened_at=ch.ts(opened, tp),
        closed_at=closed_text,
    )
