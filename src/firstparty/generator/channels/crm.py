"""The CRM: `crm_contacts`, with persons entered twice (a second contact with a nickname or typo, same
birth date and postcode) and late-arriving versions of contacts (same contact_id, later updated_at,
one field changed), some placed before the older version in the file. Profile-only persons' contacts
carry no email, phone or loyalty id, and their household's address and (mostly) family name; some are
entered a second time, a few at another address (`profile_only_contacts`)."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

import numpy as np

from firstparty import _names as names
from firstparty import _synth as syn
from firstparty.generator import config as cfg
from firstparty.generator import contact_details as cd
from firstparty.generator import noise
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


def profile_only_contacts(ch: Chunk) -> None:
    """Profile-only persons' contacts (after the table noise, on random streams of their own, so that no
    other record changes; their consent events and privacy requests, by a phone or an email they did
    not give, are dropped): email, phone and loyalty id blank, the household head's address and the
    household family name; a share entered a second time (a nickname or typo, the birth date, some at
    another address), appended at the end of the file."""
    P = ch.P
    for identifier in ("consent_events", "privacy_requests"):  # by phone or email, which they did not give
        other = ch.tables[identifier]
        ch.tables[identifier] = other.take(np.flatnonzero(P.profile_head[other.person] < 0))
    t = ch.tables["crm_contacts"]
    rows = np.flatnonzero(P.profile_head[t.person] >= 0)
    if not len(rows):
        return
    rng = np.random.default_rng([ch.ctx.seed, ch.index, 3])
    r = random.Random(int(rng.integers(0, 2**62)))
    person = t.person[rows]
    head = P.profile_head[person]
    for column in ("email", "phone", "loyalty_id"):
        t.cols[column][rows] = ""
    t.cols["last_name"][rows] = P.profile_surname[person]
    for column, values in (("street_address", P.street), ("postcode", P.postcode), ("city", P.city)):
        keep = t.cols[column][rows] != ""  # a value left empty stays empty
        t.cols[column][rows[keep]] = values[head[keep]]
    t.cols["country"][rows] = syn.objs(names.COUNTRIES)[P.country[head]]

    persons = np.unique(person)
    twice = persons[rng.random(len(persons)) < cfg.PROFILE_ONLY_CRM_DUPLICATE_RATE]
    if not len(twice):
        return
    heads = P.profile_head[twice]
    first = noise.name_variants(
        rng, r, noise.nicknames(rng, r, P.first[twice], cfg.CRM_DUPLICATE_NICKNAME_RATE)
    )
    for i in range(len(twice)):  # force a visible difference in the name
        if first[i] == P.first[twice[i]]:
            first[i] = syn.typo(first[i], r)
    street, postcode, city = P.street[heads].copy(), P.postcode[heads].copy(), P.city[heads].copy()
    for i in np.flatnonzero(rng.random(len(twice)) < cfg.PROFILE_ONLY_CRM_MOVED_RATE):
        c = int(P.country[heads[i]])
        city[i], prefixes = names.CITIES[c][syn.below(r, len(names.CITIES[c]))]
        street[i], postcode[i] = cd.street(c, r), cd.postcode(c, syn.pick(r, prefixes), r)
    ctx, k = ch.ctx, len(twice)
    last_day = ctx.t_end - syn.DAY
    created = P.t0[twice] + (rng.random(k) * np.maximum(last_day - P.t0[twice], 0)).astype(np.int64)
    updated = created + (rng.random(k) * (ctx.t_end - created)).astype(np.int64)
    blank = syn.blanks(k)
    second = table(
        "crm_contacts",
        twice,
        t.order.max() + 1 + np.arange(k),
        contact_id=ch.ids("contact", "C{:07d}", k),
        email=blank,
        phone=blank.copy(),
        first_name=first,
        last_name=P.profile_surname[twice].copy(),
        street_address=street,
        postcode=postcode,
        city=city,
        country=syn.objs(names.COUNTRIES)[P.country[heads]],
        birth_date=ctx.clock.date(P.birth_day[twice]),
        loyalty_id=blank.copy(),
        created_at=ch.ts(created, twice),
        updated_at=ch.ts(updated, twice),
    )
    ch.tables["crm_contacts"] = t.append(second)
