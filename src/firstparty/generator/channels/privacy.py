"""Data subject requests: `privacy_requests` (erasure, access, opt-out; CCPA in the US, GDPR
elsewhere), from persons the more likely the more exports they are in; some ask for access first,
then for erasure."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from firstparty import _synth as syn
from firstparty.generator import config as cfg
from firstparty.generator.table import table

if TYPE_CHECKING:
    from firstparty.generator.chunk import Chunk

ERASURE, ACCESS, OPT_OUT = range(3)


def build(ch: Chunk) -> None:
    ctx, P, rng = ch.ctx, ch.P, ch.rng
    seen = np.zeros(P.n, dtype=np.int64)
    for t in ch.tables.values():
        seen += np.bincount(np.unique(t.person), minlength=P.n)
    k = int(rng.binomial(P.n, cfg.PRIVACY_SHARE))
    w = (1.0 + seen) ** cfg.PRIVACY_ACTIVITY_POWER
    rp = rng.choice(P.n, k, replace=False, p=w / w.sum()) if k else np.zeros(0, dtype=np.int64)
    us = P.country[rp] == 1
    rtype = np.where(us, ch.draw(cfg.PRIVACY_TYPE_SHARES_US, k), ch.draw(cfg.PRIVACY_TYPE_SHARES_OTHER, k))
    t = ch.times_after(
        P.t0[rp] + cfg.PRIVACY_FIRST_DAYS * syn.DAY, end_margin=cfg.PRIVACY_END_MARGIN_DAYS * syn.DAY
    )
    again = np.flatnonzero(rng.random(k) < cfg.PRIVACY_ACCESS_THEN_ERASURE_RATE)
    rtype[again] = ACCESS
    lo, hi = cfg.PRIVACY_ERASURE_AFTER_DAYS
    t_again = t[again] + rng.integers(lo * syn.DAY, hi * syn.DAY, len(again))
    rp = np.concatenate([rp, rp[again]])
    rtype = np.concatenate([rtype, np.full(len(again), ERASURE, dtype=np.int64)])
    t = np.concatenate([t, np.minimum(t_again, ctx.t_end)])
    srt = np.argsort(t, kind="stable")
    rp, rtype, t = rp[srt], rtype[srt], t[srt]
    ch.tables["privacy_requests"] = table(
        "privacy_requests",
        rp,
        t,
        request_id=ch.ids("privacy", "DSR-{:06d}", len(rp)),
        request_type=syn.objs(["erasure", "access", "opt_out"])[rtype],
        subject_email=ch.email_noise(ch.pick_email(rp, work=cfg.PRIVACY_WORK_EMAIL_RATE, family=0.0)),
        subject_phone=ch.missing(ch.phones(rp), "privacy_requests.subject_phone"),
        jurisdiction=np.where(P.country[rp] == 1, "CCPA", "GDPR").astype(object),
        received_at=ch.ts(t, rp),
    )
