"""The CRM: `crm_contacts`, with persons entered twice (a second contact with a nickname or typo, same
birth date and postcode) and late-arriving versions of contacts (same contact_id, later updated_at,
one field changed), some placed before the older version in the file."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from firstparty import _synth as syn
from firstparty.generator import config as cfg
from firstparty.generator.table import Table, table

if TYPE_CHECKING:
    from firstparty.generator.chunk import Chunk


def build(ch: Chunk) -> None:
    ctx, P, rng = ch.ctx, ch.P, ch.rng
    p = np.flatnonzero(P.in_crm)
    n = len(p)
    legacy = rng.random(n) < cfg.CRM_LEGACY_RATE
    created = np.where(
        legacy,
        P.t0[p] - rng.integers(0, cfg.CRM_LEGACY_DAYS * syn.DAY, n),
        P.t0[p] + rng.integers(0, cfg.CRM_NEW_CONTACT_DAYS * syn.DAY, n),
    )
    created = np.minimum(created, ctx.t_end - syn.DAY)
    updated = created + (rng.random(n) ** cfg.CRM_UPDATE_SKEW * (ctx.t_end - created)).astype(np.int64)

    dup = rng.random(n) < cfg.CRM_DUPLICATE_RATE  # the persons entered twice
    email = ch.pick_email(
        p,
        work=cfg.CRM_WORK_EMAIL_RATE,
        family=cfg.FAMILY_EMAIL_USE_RATE,
        placeholder=cfg.PLACEHOLDER_EMAIL_RATE,
    )
    email = ch.missing(ch.email_noise(email), "crm_contacts.email")
    phone = ch.missing(ch.phones(p), "crm_contacts.phone")
    first = ch.missing(ch.first_names(p), "crm_contacts.first_name")
    last = ch.last_names(p)
    postcode = ch.missing(ch.postcodes(p), "crm_contacts.postcode")
    birth = ch.missing(ctx.clock.date(P.birth_day[p]), "crm_contacts.birth_date")
    # the fuzzy-match target: both copies of a duplicated person keep birth date and postcode
    postcode[dup] = P.postcode[p[dup]]
    birth[dup] = ctx.clock.date(P.birth_day[p[dup]])
    base = dict(
        email=email,
        phone=phone,
        first_name=first,
        last_name=last,
        street_address=ch.missing(P.street[p], "crm_contacts.street_address"),
        postcode=postcode,
        city=ch.missing(P.city[p], "crm_contacts.city"),
        country=ch.missing(ch.countries(p), "crm_contacts.country"),
        birth_date=birth,
        loyalty_id=ch.missing(P.loyalty_id[p], "crm_contacts.loyalty_id"),
    )
    d = np.flatnonzero(dup)
    d_created, d_updated, dup_rows = _second_entries(ch, p[d], created[d], email[d], phone[d])

    all_person = np.concatenate([p, p[d]])
    all_created = np.concatenate([created, d_created])
    all_updated = np.concatenate([updated, d_updated])
    cols = {k: np.concatenate([base[k], dup_rows[k]]) for k in base}
    srt = np.argsort(all_created, kind="stable")
    all_person, all_created, all_updated = all_person[srt], all_created[srt], all_updated[srt]
    cols = {k: v[srt] for k, v in cols.items()}
    contact_id = ch.ids("contact", "C{:07d}", len(all_person))
    t = table(
        "crm_contacts",
        all_person,
        np.arange(len(all_person)),
        contact_id=contact_id,
        **cols,
        created_at=ch.ts(all_created, all_person),
        updated_at=ch.ts(all_updated, all_person),
    )
    ch.tables["crm_contacts"] = t.append(_late_versions(ch, t, all_updated))


def _second_entries(
    ch: Chunk, dp: np.ndarray, created: np.ndarray, email: np.ndarray, phone: np.ndarray
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """The second contacts of the persons entered twice: their times and columns."""
    ctx, P, rng, r = ch.ctx, ch.P, ch.rng, ch.r
    lo, hi = cfg.CRM_DUPLICATE_DELAY_DAYS
    d_created = np.minimum(created + rng.integers(lo * syn.DAY, hi * syn.DAY, len(dp)), ctx.t_end - syn.DAY)
    d_updated = d_created + (rng.random(len(dp)) * (ctx.t_end - d_created)).astype(np.int64)
    d_first = ch.first_names(dp, nickname_rate=cfg.CRM_DUPLICATE_NICKNAME_RATE)
    for i in range(len(dp)):  # force a visible difference in the name
        if d_first[i] == P.first[dp[i]]:
            d_first[i] = syn.typo(d_first[i], r)
    d_last = ch.last_names(dp)
    u = rng.random((2, len(dp)))
    same, blank = cfg.CRM_DUPLICATE_SAME_VALUE_RATE, 1 - cfg.CRM_DUPLICATE_BLANK_RATE
    d_email = ch.email_noise(ch.pick_email(dp, work=cfg.CRM_DUPLICATE_WORK_EMAIL_RATE, family=0.0))
    d_email[u[0] < same] = email[u[0] < same]
    d_email[u[0] > blank] = ""
    d_phone = ch.phones(dp, second=cfg.CRM_DUPLICATE_SECOND_PHONE_RATE)
    d_phone[u[1] < same] = phone[u[1] < same]
    d_phone[u[1] > blank] = ""
    street = rng.random(len(dp)) < cfg.CRM_DUPLICATE_STREET_RATE
    dup_rows = dict(
        email=d_email,
        phone=d_phone,
        first_name=d_first,
        last_name=d_last,
        street_address=np.where(street, P.street[dp], "").astype(object),
        postcode=P.postcode[dp],
        city=P.city[dp],
        country=ch.countries(dp),
        birth_date=ctx.clock.date(P.birth_day[dp]),
        loyalty_id=np.where(
            rng.random(len(dp)) < cfg.CRM_DUPLICATE_LOYALTY_RATE, P.loyalty_id[dp], ""
        ).astype(object),
    )
    return d_created, d_updated, dup_rows


def _late_versions(ch: Chunk, t: Table, all_updated: np.ndarray) -> Table:
    """Late-arriving versions: same contact_id, later updated_at, one field changed."""
    ctx, P, rng = ch.ctx, ch.P, ch.rng
    margin = cfg.CRM_LATE_VERSION_MARGIN_DAYS * syn.DAY
    v = np.flatnonzero((rng.random(len(t)) < cfg.CRM_LATE_VERSION_RATE) & (all_updated < ctx.t_end - margin))
    newer = t.take(v)
    later = (rng.random(len(v)) * (ctx.t_end - all_updated[v])).astype(np.int64)
    v_updated = np.minimum(all_updated[v] + later + cfg.CRM_LATE_VERSION_MIN_S, ctx.t_end)
    newer.cols["updated_at"] = ch.ts(v_updated, newer.person)
    change = rng.integers(0, 4, len(v))  # phone, email, address, name
    vp = newer.person
    for i in range(len(v)):
        if change[i] == 0:
            newer.cols["phone"][i] = ch.phones(vp[i : i + 1], second=cfg.CRM_DUPLICATE_SECOND_PHONE_RATE)[0]
        elif change[i] == 1:
            work = cfg.CRM_LATE_VERSION_WORK_EMAIL_RATE
            newer.cols["email"][i] = ch.email_noise(ch.pick_email(vp[i : i + 1], work, 0.0))[0]
        elif change[i] == 2:
            newer.cols["street_address"][i] = P.street[vp[i]]
            newer.cols["city"][i] = P.city[vp[i]]
        else:
            newer.cols["first_name"][i] = P.first[vp[i]]
            newer.cols["last_name"][i] = P.last[vp[i]]
    first_in_file = rng.random(len(v)) < cfg.CRM_NEWER_FIRST_RATE
    spill = len(t) + rng.random(len(v)) * len(t) * cfg.CRM_LATE_VERSION_SPILL
    newer.order = np.where(first_in_file, v - 0.5, spill)
    return newer
