"""The true persons of one chunk: names, birth dates, households, addresses, emails, phones, devices,
and which channels know them.

Persons are drawn in order in the main process (`persons_of_chunk`): the context's register keeps
emails and phones unique across chunks.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

from firstparty import _names as names
from firstparty import _synth as syn
from firstparty.generator import config as cfg
from firstparty.generator import contact_details as cd
from firstparty.generator.context import CURRENCY_OF_COUNTRY, Context


@dataclass
class Persons:
    n: int
    pid: np.ndarray  # 'P000123'
    country: np.ndarray
    female: np.ndarray
    first: np.ndarray
    last: np.ndarray
    birth_day: np.ndarray
    street: np.ndarray
    city: np.ndarray
    postcode: np.ndarray
    email: np.ndarray  # personal email, canonical lower case
    work_email: np.ndarray  # '' when none
    family_email: np.ndarray  # '' unless in a household
    household: np.ndarray  # household number within the chunk, -1 when none
    profile_head: np.ndarray  # profile-only persons: the head of their household (its address), else -1
    profile_surname: np.ndarray  # profile-only persons: the family name their CRM contacts carry, else ''
    household_head: np.ndarray
    n_phones: np.ndarray
    phone_nsn: np.ndarray  # (n, 2) national significant numbers
    phone_groups: np.ndarray  # (n, 2) digit grouping tuples
    currency: np.ndarray
    t0: np.ndarray  # first seen, epoch seconds
    dev_start: np.ndarray
    dev_count: np.ndarray
    dev_anon: np.ndarray
    dev_type: np.ndarray
    dev_gpc: np.ndarray
    in_crm: np.ndarray
    has_account: np.ndarray
    buyer: np.ndarray
    in_esp: np.ndarray
    in_web: np.ndarray
    in_ads: np.ndarray
    in_service: np.ndarray
    in_loyalty: np.ndarray
    account_at: np.ndarray
    enrolled_at: np.ndarray
    shop_customer_id: np.ndarray  # '' when no account
    loyalty_id: np.ndarray  # '' when not a member


def persons_of_chunk(ctx: Context, index: int, first_index: int, n: int) -> Persons:
    """The persons of one chunk. Runs in order in the main process: emails and phones stay unique."""
    rng = np.random.default_rng([ctx.seed, index, 0])
    return make_persons(ctx, rng, random.Random(int(rng.integers(0, 2**62))), first_index, n)


def _zipf_index(rng: np.random.Generator, k: int, n: int, offset: float) -> np.ndarray:
    w = 1.0 / (np.arange(k) + offset)
    return rng.choice(k, n, p=w / w.sum())


def _households(
    rng: np.random.Generator, n: int, country: np.ndarray
) -> tuple[np.ndarray, np.ndarray, list[int], np.ndarray]:
    """Groups of 3-4 persons sharing address, surname (mostly) and a family email."""
    household = np.full(n, -1, dtype=np.int64)
    household_head = np.zeros(n, dtype=bool)
    target = int(rng.binomial(n, cfg.HOUSEHOLD_PERSON_SHARE))
    sizes: list[int] = []
    while sum(sizes) < target:
        sizes.append(int(rng.integers(cfg.HOUSEHOLD_SIZE_MIN, cfg.HOUSEHOLD_SIZE_MAX + 1)))
    members = rng.permutation(n)[: sum(sizes)] if sizes else np.zeros(0, dtype=np.int64)
    heads = []
    at = 0
    for h, size in enumerate(sizes):
        group = members[at : at + size]
        at += size
        household[group] = h
        household_head[group[0]] = True
        heads.append(group[0])
        country[group] = country[group[0]]
    head_of = np.full(n, -1, dtype=np.int64)
    for h, head in enumerate(heads):
        head_of[household == h] = head
    return household, household_head, heads, head_of


def _names_and_ages(
    ctx: Context,
    rng: np.random.Generator,
    n: int,
    country: np.ndarray,
    female: np.ndarray,
    household: np.ndarray,
    household_head: np.ndarray,
    head_of: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Given and family names, household members' indexes, birth days."""
    first = np.empty(n, dtype=object)
    last = np.empty(n, dtype=object)
    for c in range(len(names.COUNTRIES)):
        for fem, pool in ((False, names.FIRST_NAMES_MALE[c]), (True, names.FIRST_NAMES_FEMALE[c])):
            m = np.flatnonzero((country == c) & (female == fem))
            first[m] = syn.objs(pool)[_zipf_index(rng, len(pool), len(m), cfg.FIRST_NAME_ZIPF_OFFSET)]
        m = np.flatnonzero(country == c)
        pool = names.LAST_NAMES[c]
        last[m] = syn.objs(pool)[_zipf_index(rng, len(pool), len(m), cfg.LAST_NAME_ZIPF_OFFSET)]
    in_hh = np.flatnonzero(household >= 0)
    share_surname = in_hh[rng.random(len(in_hh)) < cfg.HOUSEHOLD_SURNAME_RATE]
    last[share_surname] = last[head_of[share_surname]]

    as_of_day = syn.day_number(ctx.as_of)
    adult = cfg.ADULT_AGE_MIN_YEARS + cfg.ADULT_AGE_SPAN_YEARS * rng.beta(*cfg.ADULT_AGE_BETA, n)
    age_days = (adult * 365.25).astype(np.int64)
    kids = in_hh[~household_head[in_hh] & (rng.random(len(in_hh)) < cfg.HOUSEHOLD_CHILD_RATE)]
    child = cfg.CHILD_AGE_MIN_YEARS + cfg.CHILD_AGE_SPAN_YEARS * rng.random(len(kids))
    age_days[kids] = (child * 365.25).astype(np.int64)
    birth_day = as_of_day - age_days
    return first, last, in_hh, birth_day


def _addresses(
    rng: np.random.Generator,
    r: random.Random,
    n: int,
    country: np.ndarray,
    in_hh: np.ndarray,
    head_of: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Street, city and postcode; a household lives at its head's address."""
    street = np.empty(n, dtype=object)
    city = np.empty(n, dtype=object)
    postcode = np.empty(n, dtype=object)
    city_pick = rng.random(n)
    for i in range(n):
        c = int(country[i])
        cities = names.CITIES[c]
        k = min(int(len(cities) * city_pick[i] ** cfg.CITY_SKEW), len(cities) - 1)
        name, prefixes = cities[k]
        city[i] = name
        postcode[i] = cd.postcode(c, syn.pick(r, prefixes), r)
        street[i] = cd.street(c, r)
    if len(in_hh):
        street[in_hh] = street[head_of[in_hh]]
        city[in_hh] = city[head_of[in_hh]]
        postcode[in_hh] = postcode[head_of[in_hh]]
    return street, city, postcode


def _emails(
    ctx: Context,
    rng: np.random.Generator,
    r: random.Random,
    n: int,
    country: np.ndarray,
    first: np.ndarray,
    last: np.ndarray,
    birth_day: np.ndarray,
    household: np.ndarray,
    heads: list[int],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Personal, work ('' when none) and family ('' outside households) emails, unique in the run."""
    birth_year = (birth_day.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970).tolist()
    used = ctx.used_emails
    email = np.empty(n, dtype=object)
    work_email = syn.blanks(n)
    family_email = syn.blanks(n)
    has_work = rng.random(n) < cfg.WORK_EMAIL_SHARE
    for i in range(n):
        c = int(country[i])
        email[i] = cd.unique(cd.personal_email(first[i], last[i], birth_year[i], c, r), used, r)
        if has_work[i]:
            work_email[i] = cd.unique(cd.work_email(first[i], last[i], c, r), used, r)
    for head in heads:
        fam = cd.unique(cd.family_email(last[head], int(country[head]), r), used, r)
        family_email[household == household[head]] = fam
    return email, work_email, family_email


def _phones(
    ctx: Context, rng: np.random.Generator, r: random.Random, n: int, country: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Number of phones, their national numbers and digit groupings, unique in the run."""
    n_phones = rng.choice(len(cfg.PHONE_COUNT_SHARES), n, p=cfg.PHONE_COUNT_SHARES)
    phone_nsn = np.empty((n, 2), dtype=object)
    phone_nsn[:] = ""
    phone_groups = np.empty((n, 2), dtype=object)
    mobile_first = rng.random(n) < cfg.MOBILE_FIRST_RATE
    for i in np.flatnonzero(n_phones > 0):
        c = int(country[i])
        for k in range(int(n_phones[i])):
            mobile = bool(mobile_first[i]) if k == 0 else not mobile_first[i]
            while True:
                nsn, groups = cd.phone_nsn(c, mobile, r)
                e164 = "+" + names.CALLING_CODES[c] + nsn
                if e164 not in ctx.used_phones:
                    ctx.used_phones.add(e164)
                    break
            phone_nsn[i, k] = nsn
            phone_groups[i, k] = groups
    return n_phones, phone_nsn, phone_groups


def _devices(ctx: Context, rng: np.random.Generator, n: int) -> tuple[np.ndarray, ...]:
    """Each person's devices: first index, count; per device its anonymous id, type and GPC flag."""
    shares = cfg.DEVICES_PER_PERSON_SHARES
    dev_count = rng.choice(list(shares), n, p=list(shares.values()))
    dev_start = np.concatenate([[0], np.cumsum(dev_count)[:-1]]).astype(np.int64)
    n_dev = int(dev_count.sum())
    dev_anon = syn.uuid_like(ctx.counter_values("device", n_dev), ctx.seed ^ 0xA11CE)
    types = cfg.DEVICE_TYPE_SHARES
    dev_type = syn.objs(list(types))[rng.choice(len(types), n_dev, p=list(types.values()))]
    dev_gpc = (rng.random(n_dev) < cfg.GPC_DEVICE_RATE) & (dev_type != "app")
    return dev_start, dev_count, dev_anon, dev_type, dev_gpc


def _profile_only(
    ctx: Context,
    first_index: int,
    n: int,
    last: np.ndarray,
    household: np.ndarray,
    seen_elsewhere: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Profile-only persons (CRM persons seen by no other channel, at PROFILE_ONLY_RATE) grouped into
    households of 2-4: each member's household head (-1 for everybody else) and the family name their
    contacts carry. A random stream of their own, drawn after every other draw: nobody else changes."""
    rng = np.random.default_rng([ctx.seed, first_index, 2])
    candidates = np.flatnonzero(~seen_elsewhere & (household < 0))
    chosen = candidates[rng.random(len(candidates)) < cfg.PROFILE_ONLY_RATE]
    chosen = chosen[rng.permutation(len(chosen))]
    head = np.full(n, -1, dtype=np.int64)
    surname = syn.blanks(n)
    at = 0
    while at < len(chosen):
        size = int(rng.integers(cfg.PROFILE_ONLY_HOUSEHOLD_SIZE_MIN, cfg.PROFILE_ONLY_HOUSEHOLD_SIZE_MAX + 1))
        if len(chosen) - at - size == 1:  # nobody is left alone
            size += 1
        group = chosen[at : at + size]
        at += size
        head[group] = group[0]
        share = rng.random(len(group)) < cfg.PROFILE_ONLY_SURNAME_RATE
        surname[group] = np.where(share, last[group[0]], last[group]).astype(object)
        surname[group[0]] = last[group[0]]
    return head, surname


def make_persons(
    ctx: Context, rng: np.random.Generator, r: random.Random, first_index: int, n: int
) -> Persons:
    country = rng.choice(len(names.COUNTRIES), n, p=np.array(names.COUNTRY_WEIGHTS))
    female = rng.random(n) < cfg.FEMALE_SHARE
    household, household_head, heads, head_of = _households(rng, n, country)
    first, last, in_hh, birth_day = _names_and_ages(
        ctx, rng, n, country, female, household, household_head, head_of
    )
    street, city, postcode = _addresses(rng, r, n, country, in_hh, head_of)
    email, work_email, family_email = _emails(
        ctx, rng, r, n, country, first, last, birth_day, household, heads
    )
    n_phones, phone_nsn, phone_groups = _phones(ctx, rng, r, n, country)
    t0 = ctx.t_start + (
        rng.random(n) * (ctx.t_end - cfg.FIRST_SEEN_END_MARGIN_DAYS * syn.DAY - ctx.t_start)
    ).astype(np.int64)
    dev_start, dev_count, dev_anon, dev_type, dev_gpc = _devices(ctx, rng, n)

    # one uniform draw per channel membership: crm, account, buyer, esp, web, ads, service, loyalty
    u = rng.random((8, n))
    has_account = u[1] < cfg.SHOP_ACCOUNT_SHARE
    buyer = np.where(has_account, u[2] < cfg.ACCOUNT_BUYER_SHARE, u[2] < cfg.GUEST_BUYER_SHARE)
    in_web = np.where(has_account, u[4] < cfg.WEB_SHARE_ACCOUNT, u[4] < cfg.WEB_SHARE_OTHER)
    in_loyalty = u[7] < cfg.LOYALTY_SHARE
    account_delay = rng.exponential(cfg.ACCOUNT_DELAY_DAYS * syn.DAY, n).astype(np.int64)
    account_at = np.minimum(t0 + account_delay, ctx.t_end - syn.DAY)
    enrolled_at = syn.random_times(rng, t0, np.full(n, ctx.t_end - syn.DAY))

    shop_customer_id = syn.blanks(n)
    acc = np.flatnonzero(has_account)
    acc = acc[np.argsort(account_at[acc], kind="stable")]
    first_id = ctx.take("shop_customer", len(acc))
    shop_customer_id[acc] = syn.seq_ids("{}", 1_000_001 + first_id, len(acc))
    loyalty_id = syn.blanks(n)
    mem = np.flatnonzero(in_loyalty)
    mem = mem[np.argsort(enrolled_at[mem], kind="stable")]
    first_id = ctx.take("loyalty", len(mem))
    loyalty_id[mem] = syn.seq_ids("00{:011d}", 40_000_000_001 + first_id, len(mem))

    in_crm = u[0] < cfg.CRM_SHARE
    in_esp, in_ads, in_service = u[3] < cfg.ESP_SHARE, u[5] < cfg.ADS_SHARE, u[6] < cfg.SERVICE_SHARE
    seen_elsewhere = ~in_crm | has_account | buyer | in_esp | in_web | in_ads | in_service | in_loyalty
    profile_head, profile_surname = _profile_only(ctx, first_index, n, last, household, seen_elsewhere)

    pid_fmt = "P{:0" + str(ctx.id_width) + "d}"
    return Persons(
        n=n,
        pid=syn.seq_ids(pid_fmt, first_index + 1, n),
        country=country,
        female=female,
        first=first,
        last=last,
        birth_day=birth_day,
        street=street,
        city=city,
        postcode=postcode,
        email=email,
        work_email=work_email,
        family_email=family_email,
        household=household,
        profile_head=profile_head,
        profile_surname=profile_surname,
        household_head=household_head,
        n_phones=n_phones,
        phone_nsn=phone_nsn,
        phone_groups=phone_groups,
        currency=CURRENCY_OF_COUNTRY[country],
        t0=t0,
        dev_start=dev_start,
        dev_count=dev_count,
        dev_anon=dev_anon,
        dev_type=dev_type,
        dev_gpc=dev_gpc,
        in_crm=in_crm,
        has_account=has_account,
        buyer=buyer,
        in_esp=in_esp,
        in_web=in_web,
        in_ads=in_ads,
        in_service=in_service,
        in_loyalty=in_loyalty,
        account_at=account_at,
        enrolled_at=enrolled_at,
        shop_customer_id=shop_customer_id,
        loyalty_id=loyalty_id,
    )
