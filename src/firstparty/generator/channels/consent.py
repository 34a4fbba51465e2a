"""The consent platform: `consent_events`. Cookie-banner answers on each browser's first visit,
email, SMS, partner-sharing and personalisation decisions, the email platform's unsubscribes, later
changes of mind (withdrawals, some at the very same decided_at, and re-grants), and late recording
(an old grant recorded after the newer withdrawal of it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from firstparty import _synth as syn
from firstparty.generator import config as cfg
from firstparty.generator.table import table

if TYPE_CHECKING:
    from firstparty.generator.chunk import Chunk

KEYS = ("person", "stype", "subject", "purpose", "channel", "decision", "point", "decided")
ACCEPT_ALL, REJECT_ALL, MIXED = range(3)


def build(ch: Chunk) -> None:
    cols, n0 = _decisions(ch)
    cols, recorded = _changes_and_recording(ch, cols, n0)
    srt = np.argsort(recorded, kind="stable")
    person = cols["person"][srt]
    ch.tables["consent_events"] = table(
        "consent_events",
        person,
        recorded[srt],
        consent_event_id=ch.hex_ids("consent", len(person), 0xC0C0),
        subject_type=cols["stype"][srt],
        subject_value=cols["subject"][srt],
        purpose=cols["purpose"][srt],
        channel=cols["channel"][srt],
        decision=cols["decision"][srt],
        collection_point=cols["point"][srt],
        decided_at=ch.ts(cols["decided"][srt], person),
        recorded_at=ch.ts(recorded[srt], person),
    )


def _decisions(ch: Chunk) -> tuple[dict[str, np.ndarray], int]:
    """Every first decision, by collection point; returns the columns and their row count."""
    ctx, P, rng = ch.ctx, ch.P, ch.rng
    rows: dict[str, list[np.ndarray]] = {k: [] for k in KEYS}

    def add(person, stype, subject, purpose, channel, decision, point, decided) -> None:
        n = len(person)
        for key, val in zip(KEYS[1:-1], (stype, subject, purpose, channel, decision, point), strict=True):
            rows[key].append(np.broadcast_to(np.asarray(val, dtype=object), (n,)).copy())
        rows["person"].append(np.asarray(person, dtype=np.int64))
        rows["decided"].append(np.asarray(decided, dtype=np.int64))

    def grant_or_withdraw(n: int, grant_share: float) -> np.ndarray:
        return np.where(rng.random(n) < grant_share, "grant", "withdraw").astype(object)

    # cookie banner: on a browser's first visit, analytics, personalisation and targeted advertising
    # decided in one click (a browser that never visits the site never sees the banner)
    w = ch.web_devices
    answered = np.flatnonzero(rng.random(len(w["device"])) < cfg.BANNER_DECISION_RATE)
    bp = w["person"][answered]
    b_time = np.minimum(w["time"][answered] + rng.integers(*cfg.BANNER_DELAY_S, len(answered)), ctx.t_end)
    b_dev = P.dev_anon[w["device"][answered]]
    choice = ch.draw(cfg.BANNER_CHOICE_SHARES, len(bp))
    for purpose, channel, offered in cfg.BANNER_PURPOSES:
        m = rng.random(len(bp)) < offered
        mixed = rng.random(len(bp)) < cfg.BANNER_MIXED_GRANT_RATE
        grant = np.where(choice == ACCEPT_ALL, True, np.where(choice == REJECT_ALL, False, mixed))[m]
        decision = np.where(grant, "grant", "withdraw")
        add(bp[m], "anonymous_id", b_dev[m], purpose, channel, decision, "web_banner", b_time[m])
    margin = cfg.CONSENT_END_MARGIN_S
    # email marketing at checkout / preference centre / in store, by email or account id
    known = P.has_account | P.in_esp | P.in_loyalty
    ep = np.flatnonzero(known & (rng.random(P.n) < cfg.EMAIL_CONSENT_RATE))
    by_id = P.has_account[ep] & (rng.random(len(ep)) < cfg.EMAIL_CONSENT_BY_ID_RATE)
    subject = ch.email_noise(ch.pick_email(ep, work=cfg.EMAIL_CONSENT_WORK_EMAIL_RATE, family=0.0))
    subject[by_id] = P.shop_customer_id[ep][by_id]
    point = syn.objs(["checkout", "preference_centre", "store"])[
        ch.draw(cfg.EMAIL_CONSENT_POINT_SHARES, len(ep))
    ]
    stype = np.where(by_id, "shop_customer_id", "email")
    decided = ch.times_after(P.t0[ep], end_margin=margin)
    decision = grant_or_withdraw(len(ep), cfg.EMAIL_CONSENT_GRANT_RATE)
    add(ep, stype, subject, "email_marketing", "email", decision, point, decided)
    # sms marketing by phone
    sp = np.flatnonzero((P.n_phones > 0) & (rng.random(P.n) < cfg.SMS_CONSENT_RATE))
    point = syn.objs(["checkout", "store"])[rng.integers(0, 2, len(sp))]
    decided = ch.times_after(P.t0[sp], end_margin=margin)
    phones = ch.phones(sp)
    add(
        sp,
        "phone",
        phones,
        "sms_marketing",
        "sms",
        grant_or_withdraw(len(sp), cfg.SMS_CONSENT_GRANT_RATE),
        point,
        decided,
    )
    # partner sharing by email
    pp = np.flatnonzero(rng.random(P.n) < cfg.PARTNER_CONSENT_RATE)
    subject = ch.email_noise(ch.pick_email(pp, work=cfg.PARTNER_CONSENT_WORK_EMAIL_RATE, family=0.0))
    point = syn.objs(["preference_centre", "checkout"])[rng.integers(0, 2, len(pp))]
    decided = ch.times_after(P.t0[pp], end_margin=margin)
    decision = grant_or_withdraw(len(pp), cfg.PARTNER_CONSENT_GRANT_RATE)
    add(pp, "email", subject, "partner_sharing", "partner", decision, point, decided)
    # personalised emails, by account id
    qp = np.flatnonzero(P.has_account & (rng.random(P.n) < cfg.PERSONALISATION_CONSENT_RATE))
    decided = ch.times_after(P.t0[qp], end_margin=margin)
    decision = grant_or_withdraw(len(qp), cfg.PERSONALISATION_CONSENT_GRANT_RATE)
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
    up, ue, ut = ch.esp_unsubscribes
    add(up, "email", ue, "email_marketing", "email", "withdraw", "preference_centre", ut)

    cols = {k: np.concatenate(v) if v else np.zeros(0, dtype=object) for k, v in rows.items()}
    return cols, len(cols["person"])


def _changes_and_recording(
    ch: Chunk, cols: dict[str, np.ndarray], n0: int
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Later changes of mind appended to `cols`; returns them and when each row was recorded."""
    ctx, rng = ch.ctx, ch.rng
    # grants withdrawn (sometimes at the very same decided_at), some re-granted
    grants = np.flatnonzero((cols["decision"] == "grant") & (rng.random(n0) < cfg.CONSENT_WITHDRAW_RATE))
    w_delay = rng.exponential(cfg.CONSENT_WITHDRAW_DAYS * syn.DAY, len(grants)).astype(np.int64)
    w_time = cols["decided"][grants] + w_delay + cfg.CONSENT_CHANGE_MIN_S
    tie = rng.random(len(grants)) < cfg.CONSENT_TIE_RATE
    w_time[tie] = cols["decided"][grants][tie]
    ok = w_time <= ctx.t_end
    grants, w_time = grants[ok], w_time[ok]
    regrant = rng.random(len(grants)) < cfg.CONSENT_REGRANT_RATE
    r_delay = rng.exponential(cfg.CONSENT_REGRANT_DAYS * syn.DAY, len(grants)).astype(np.int64)
    r_time = w_time + r_delay + cfg.CONSENT_CHANGE_MIN_S
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

    recorded = cols["decided"] + rng.integers(0, cfg.CONSENT_RECORDING_S, n)
    late = rng.random(n) < cfg.CONSENT_LATE_RECORDING_RATE
    lo, hi = cfg.CONSENT_LATE_RECORDING_DAYS
    recorded[late] = cols["decided"][late] + rng.integers(lo * syn.DAY, hi * syn.DAY, int(late.sum()))
    # an old grant recorded after the newer withdrawal of it
    withdraw_rows = np.arange(n0, n0 + len(grants))
    late_grant = rng.random(len(grants)) < cfg.CONSENT_GRANT_RECORDED_LATE_RATE
    gi, wi = grants[late_grant], withdraw_rows[late_grant]
    recorded[gi] = recorded[wi] + rng.integers(*cfg.CONSENT_GRANT_RECORDED_LATE_S, len(gi))
    recorded = np.minimum(recorded, ctx.t_end)
    recorded = np.maximum(recorded, cols["decided"])
    return cols, recorded
