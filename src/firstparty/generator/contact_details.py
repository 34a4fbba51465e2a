"""How one person's phone numbers, postcode, street and emails are written, country by country.

Countries are indexes into `_names.COUNTRIES` (0 GB, 1 US, 2 DE, 3 FR, 4 NL, 5 IE). Every draw uses
the `random.Random` passed in, so the caller fixes the order of draws.
"""

from __future__ import annotations

import random

import numpy as np

from firstparty import _names as names
from firstparty import _synth as syn
from firstparty.generator import config as cfg

_EMAIL_PATTERNS = tuple(pattern for pattern, _ in cfg.PERSONAL_EMAIL_PATTERNS)
_EMAIL_PATTERN_CUM = tuple(np.cumsum([weight for _, weight in cfg.PERSONAL_EMAIL_PATTERNS]).tolist())
_TOKEN_CACHE: dict[str, str] = {}


def digits(r: random.Random, k: int) -> str:
    return f"{syn.below(r, 10**k):0{k}d}"


def phone_nsn(country: int, mobile: bool, r: random.Random) -> tuple[str, tuple[int, ...]]:
    """A national significant number and how people group its digits."""
    if country == 0:
        if mobile:
            return "7" + syn.pick(r, "45789") + digits(r, 8), (4, 6)
        if r.random() < cfg.UK_LONDON_LANDLINE_RATE:
            return "20" + syn.pick(r, "378") + digits(r, 7), (2, 4, 4)
        return syn.pick(r, ("161", "121", "131", "141", "113", "117")) + digits(r, 7), (3, 3, 4)
    if country == 1:
        area = syn.pick(
            r, ("212", "617", "312", "213", "713", "206", "305", "720", "404", "207", "973", "860")
        )
        return area + str(2 + syn.below(r, 8)) + digits(r, 6), (3, 3, 4)
    if country == 2:
        if mobile:
            return "1" + syn.pick(r, ("51", "52", "57", "60", "62", "70", "71", "72", "76", "79")) + digits(
                r, 8
            ), (3, 8)
        area = syn.pick(r, ("30", "40", "89", "221", "69", "711"))
        return area + digits(r, 10 - len(area)), (len(area), 10 - len(area))
    if country == 3:
        return syn.pick(r, "67" if mobile else "12345") + digits(r, 8), (1, 2, 2, 2, 2)
    if country == 4:
        if mobile:
            return "6" + digits(r, 8), (1, 8)
        return syn.pick(r, ("20", "10", "70", "30")) + digits(r, 7), (2, 7)
    if mobile:
        return "8" + syn.pick(r, "35679") + digits(r, 7), (2, 3, 4)
    return "1" + digits(r, 7), (1, 3, 4)


def postcode(country: int, prefix: str, r: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    if country == 0:
        return f"{prefix} {1 + syn.below(r, 9)}{syn.pick(r, letters)}{syn.pick(r, letters)}"
    if country in (1, 2, 3):
        return prefix + digits(r, 5 - len(prefix))
    if country == 4:
        nl_letters = "ABCDEGHJKLMNPRSTVWXZ"
        return f"{prefix}{10 + syn.below(r, 90)} {syn.pick(r, nl_letters)}{syn.pick(r, nl_letters)}"
    chars = "ACDEFHKNPRTVWXY0123456789"
    return f"{prefix} {''.join(syn.pick(r, chars) for _ in range(4))}"


def street(country: int, r: random.Random) -> str:
    name = syn.pick(r, names.STREETS[country])
    number = str(1 + syn.below(r, cfg.STREET_NUMBER_MAX if country != 1 else cfg.STREET_NUMBER_MAX_US))
    if country in (2, 4) and r.random() < cfg.HOUSE_NUMBER_LETTER_RATE:
        number += syn.pick(r, "abc")
    return f"{number} {name}" if names.NUMBER_FIRST[country] else f"{name} {number}"


def token(name: str) -> str:
    """A name as it appears in an email's local part (ASCII, lower case)."""
    t = _TOKEN_CACHE.get(name)
    if t is None:
        t = _TOKEN_CACHE[name] = syn.email_token(name) or "x"
    return t


def unique(candidate: str, used: set[str], r: random.Random) -> str:
    """`candidate`, or with a number appended to its local part while taken; registers the result."""
    local, _, domain = candidate.partition("@")
    email = candidate
    while email in used:
        email = f"{local}{1 + syn.below(r, cfg.EMAIL_SUFFIX_MAX)}@{domain}"
    used.add(email)
    return email


def personal_email(first: str, last: str, birth_year: int, country: int, r: random.Random) -> str:
    f, ln = token(first), token(last)
    pattern = r.choices(_EMAIL_PATTERNS, cum_weights=_EMAIL_PATTERN_CUM)[0]
    local = pattern.format(f=f, f0=f[0], ln=ln, yy=birth_year % 100, nn=1 + syn.below(r, 99), year=birth_year)
    return f"{local}@{syn.pick(r, names.PERSONAL_DOMAINS[country])}"


def work_email(first: str, last: str, country: int, r: random.Random) -> str:
    f, ln = token(first), token(last)
    local = r.choice((f"{f}.{ln}", f"{f[0]}{ln}", f"{f}.{ln[0]}", f"{f}"))
    return f"{local}@{r.choice(names.WORK_DOMAINS[country])}"


def family_email(last: str, country: int, r: random.Random) -> str:
    ln = token(last)
    local = r.choice((f"{ln}family", f"the{ln}s", f"{ln}.household", f"{ln}home", f"family.{ln}"))
    return f"{local}@{r.choice(names.PERSONAL_DOMAINS[country])}"
