"""Low-level helpers for the generator: identifiers, time, money and text noise.

Columns are numpy object arrays of Python `str` ('' = missing): they index, concatenate and
convert to Arrow quickly, and hold any text. Everything random takes an explicit
`np.random.Generator` or `random.Random`; nothing here reads the clock or global random state.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata

import numpy as np

DAY = 86_400
EPOCH = dt.date(1970, 1, 1)
_TWO_DIGITS = np.array([f"{i:02d}" for i in range(100)], dtype=object)


def objs(values) -> np.ndarray:
    """A 1-d object array of the given values."""
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


def blanks(n: int) -> np.ndarray:
    out = np.empty(n, dtype=object)
    out[:] = ""
    return out


def pick(r: random.Random, seq):
    """r.choice, faster (one float draw; fine for the short sequences used here)."""
    return seq[int(r.random() * len(seq))]


def below(r: random.Random, n: int) -> int:
    """r.randrange(n), faster (one float draw)."""
    return int(r.random() * n)


def day_number(d: dt.date) -> int:
    return (d - EPOCH).days


# ---------------------------------------------------------------------------------------------
# identifiers
# ---------------------------------------------------------------------------------------------
_M64 = (1 << 64) - 1


def mix64(x: np.ndarray, salt: int) -> np.ndarray:
    """A bijection on uint64 (xor with a salt, then the splitmix64 finaliser).

    Distinct inputs give distinct outputs, so ids built from a global counter stay unique while
    looking random.
    """
    with np.errstate(over="ignore"):
        z = np.asarray(x, dtype=np.uint64) ^ np.uint64(salt & _M64)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return z


def hex16(u: np.ndarray) -> np.ndarray:
    """16 lower-case hex digits per uint64."""
    text = np.asarray(u, dtype=">u8").tobytes().hex()
    return objs([text[i : i + 16] for i in range(0, len(text), 16)])


def uuid_like(counter: np.ndarray, salt: int) -> np.ndarray:
    """UUID-v4-looking strings, unique per counter value (all 64 bits of mix64(counter) appear)."""
    n = len(counter)
    if n == 0:
        return blanks(0)
    a = np.frombuffer(
        mix64(counter, salt).astype(">u8").tobytes().hex().encode("ascii"), dtype=np.uint8
    ).reshape(n, 16)
    b = np.frombuffer(
        mix64(counter, salt ^ 0x5DEECE66D).astype(">u8").tobytes().hex().encode("ascii"), dtype=np.uint8
    ).reshape(n, 16)
    out = np.empty((n, 36), dtype=np.uint8)
    out[:, 0:8] = a[:, 0:8]
    out[:, 8] = 45
    out[:, 9:13] = a[:, 8:12]
    out[:, 13] = 45
    out[:, 14] = 52  # version nibble '4'
    out[:, 15:18] = b[:, 0:3]
    out[:, 18] = 45
    out[:, 19] = np.array(list(b"89ab"), dtype=np.uint8)[b[:, 3] % 4]  # variant nibble
    out[:, 20:23] = b[:, 4:7]
    out[:, 23] = 45
    out[:, 24:28] = a[:, 12:16]
    out[:, 28:36] = b[:, 7:15]
    text = out.tobytes().decode("ascii")
    return objs([text[i : i + 36] for i in range(0, len(text), 36)])


def seq_ids(fmt: str, start: int, n: int) -> np.ndarray:
    """Sequential ids `fmt.format(i)` for i in start..start+n-1."""
    return objs([fmt.format(i) for i in range(start, start + n)])


# ---------------------------------------------------------------------------------------------
# time
# ---------------------------------------------------------------------------------------------
# UTC offsets (minutes) a local system in each country writes, (winter, summer), by country index.
_UTC_OFFSETS = ((0, 60), (-300, -240), (60, 120), (60, 120), (60, 120), (0, 60))


def _offset_text(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    m = abs(minutes)
    return f"{sign}{m // 60:02d}:{m % 60:02d}"


class Clock:
    """Formats epoch seconds and day numbers through lookup tables (fast, exact, deterministic)."""

    def __init__(self, first_day: int, last_day: int):
        self.first_day = first_day
        self.last_day = last_day
        iso = [(EPOCH + dt.timedelta(days=d)).isoformat() for d in range(first_day, last_day + 1)]
        self.day_iso = objs(iso)
        self.day_t = objs([s + "T" for s in iso])
        self.day_space = objs([s + " " for s in iso])
        tod = [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)]
        self.tod = objs(tod)
        self.tod_z = objs([s + "Z" for s in tod])

    def _split(self, secs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        days = secs // DAY
        if len(days) and (days.min() < self.first_day or days.max() > self.last_day):
            raise ValueError("timestamp outside the generator's time range")
        return days - self.first_day, secs - days * DAY

    def iso_z(self, secs: np.ndarray) -> np.ndarray:
        d, s = self._split(secs)
        return self.day_t[d] + self.tod_z[s]

    def naive(self, secs: np.ndarray) -> np.ndarray:
        d, s = self._split(secs)
        return self.day_space[d] + self.tod[s]

    def with_offset(self, secs: np.ndarray, country: np.ndarray) -> np.ndarray:
        """The same instant written in local time with the country's UTC offset."""
        month = (secs.astype("datetime64[s]").astype("datetime64[M]").astype(np.int64) % 12) + 1
        summer = ((month >= 4) & (month <= 10)).astype(np.int64)
        table = np.array(_UTC_OFFSETS, dtype=np.int64)
        minutes = table[country, summer]
        d, s = self._split(secs + minutes * 60)
        texts = objs([_offset_text(int(m)) for m in range(-720, 841, 15)])
        return self.day_t[d] + self.tod[s] + texts[(minutes + 720) // 15]

    def date(self, days: np.ndarray) -> np.ndarray:
        if len(days) and (days.min() < self.first_day or days.max() > self.last_day):
            return objs(np.datetime_as_string(days.astype("datetime64[D]"), unit="D").tolist())
        return self.day_iso[days - self.first_day]

    def mixed(
        self,
        rng: np.random.Generator,
        secs: np.ndarray,
        country: np.ndarray,
        offset_rate: float,
        naive_rate: float,
    ) -> np.ndarray:
        """Mostly `...Z`; a share with a local UTC offset and a share naive `YYYY-MM-DD HH:MM:SS`."""
        secs = np.asarray(secs, dtype=np.int64)
        out = self.iso_z(secs)
        u = rng.random(len(secs))
        naive = u < naive_rate
        offset = (u >= naive_rate) & (u < naive_rate + offset_rate)
        if naive.any():
            out[naive] = self.naive(secs[naive])
        if offset.any():
            out[offset] = self.with_offset(secs[offset], country[offset])
        return out


def diurnal_seconds(rng: np.random.Generator, n: int) -> np.ndarray:
    """Seconds into the day, busier in the daytime and evening than at night."""
    weights = np.array(
        [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1.2, 2.5, 3.5, 4, 4.2, 4.3, 4.8, 4.6, 4.2, 4.0, 4.1, 4.6, 5.2, 5.8, 6,
         5.2, 3.5, 2],
        dtype=float,
    )  # fmt: skip
    hours = rng.choice(24, n, p=weights / weights.sum())
    return hours * 3600 + rng.integers(0, 3600, n)


def random_times(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """A time in [lo, hi] per row: a uniform day with a diurnal time of day, clipped to the range."""
    lo = np.asarray(lo, dtype=np.int64)
    hi = np.maximum(np.asarray(hi, dtype=np.int64), lo)
    t = lo + (rng.random(len(lo)) * (hi - lo)).astype(np.int64)
    t = (t // DAY) * DAY + diurnal_seconds(rng, len(lo))
    return np.clip(t, lo, hi)


# ---------------------------------------------------------------------------------------------
# numbers
# ---------------------------------------------------------------------------------------------
def money(cents: np.ndarray) -> np.ndarray:
    """Decimal text with two places from integer minor units, e.g. 1234 -> '12.34', -5 -> '-0.05'."""
    cents = np.asarray(cents, dtype=np.int64)
    a = np.abs(cents)
    whole = objs((a // 100).astype(str).tolist())
    out = whole + "." + _TWO_DIGITS[a % 100]
    neg = cents < 0
    if neg.any():
        out[neg] = "-" + out[neg]
    return out


def ints(values: np.ndarray) -> np.ndarray:
    return objs(np.asarray(values, dtype=np.int64).astype(str).tolist())


def booleans(rng: np.random.Generator, values: np.ndarray, variant_rate: float) -> np.ndarray:
    """'true'/'false', with a share written as TRUE/True/1, FALSE/False/0 or left empty."""
    values = np.asarray(values, dtype=bool)
    out = np.where(values, "true", "false").astype(object)
    pick = np.flatnonzero(rng.random(len(values)) < variant_rate)
    if len(pick):
        style = rng.integers(0, 4, len(pick))
        true_v = np.array(["TRUE", "True", "1", ""], dtype=object)
        false_v = np.array(["FALSE", "False", "0", ""], dtype=object)
        out[pick] = np.where(values[pick], true_v[style], false_v[style])
    return out


# ---------------------------------------------------------------------------------------------
# text
# ---------------------------------------------------------------------------------------------
_FOLD = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ł": "l", "ı": "i", "œ": "oe"})


def ascii_fold(text: str) -> str:
    """'Müller' -> 'Muller', 'Weiß' -> 'Weiss', 'Éire' -> 'Eire'."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in text if not unicodedata.combining(c))


def email_token(name: str) -> str:
    """A name as it appears in an email local part: folded, lower case, letters only."""
    return "".join(c for c in ascii_fold(name).lower() if c.isalnum())


_KEYBOARD = {
    "a": "qwsz", "b": "vghn", "c": "xdfv", "d": "serfcx", "e": "wsdr", "f": "drtgvc", "g": "ftyhbv",
    "h": "gyujnb", "i": "ujko", "j": "huikmn", "k": "jiolm", "l": "kop", "m": "njk", "n": "bhjm",
    "o": "iklp", "p": "ol", "q": "wa", "r": "edft", "s": "awedxz", "t": "rfgy", "u": "yhji",
    "v": "cfgb", "w": "qase", "x": "zsdc", "y": "tghu", "z": "asx",
}  # fmt: skip


def typo(text: str, r: random.Random) -> str:
    """One-character edit: a neighbouring key, a dropped, doubled or swapped letter."""
    if len(text) < 3:
        return text + text[-1:] if text else text
    i = r.randrange(1, len(text))
    kind = r.randrange(4)
    c = text[i]
    if kind == 0 and c.lower() in _KEYBOARD:
        n = r.choice(_KEYBOARD[c.lower()])
        return text[:i] + (n.upper() if c.isupper() else n) + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i + 1 :]
    if kind == 2:
        return text[:i] + c + text[i:]
    if i < len(text) - 1 and text[i] != text[i + 1]:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + text[i + 1 :]


def email_case_variant(email: str, r: random.Random) -> str:
    """The same address with different letter case (hosts and most mailboxes ignore case)."""
    local, _, domain = email.partition("@")
    kind = r.randrange(4)
    if kind == 0:
        return email.upper()
    if kind == 1:
        return f"{local}@{domain.upper()}"
    if kind == 2:
        return ".".join(p[:1].upper() + p[1:] for p in local.split(".")) + "@" + domain
    return ".".join(p[:1].upper() + p[1:] for p in local.split(".")) + "@" + domain.title()


def space_variant(text: str, r: random.Random) -> str:
    """Leading and/or trailing spaces, as pasted into a form."""
    if not text:
        return text
    lead, trail = r.choice(((" ", ""), ("", " "), ("  ", " "), (" ", " "), ("", "  ")))
    return lead + text + trail


# ---------------------------------------------------------------------------------------------
# phones
# ---------------------------------------------------------------------------------------------
def split_groups(digits: str, groups: tuple[int, ...]) -> list[str]:
    out, i = [], 0
    for g in groups:
        out.append(digits[i : i + g])
        i += g
    if i < len(digits):
        out[-1] += digits[i:]
    return out


def format_phone(country: int, nsn: str, groups: tuple[int, ...], r: random.Random) -> str:
    """A phone number as people type it: national or international, with assorted separators.

    `nsn` is the national significant number (no trunk 0, no country code).
    """
    cc = ("44", "1", "49", "33", "31", "353")[country]
    parts = split_groups(nsn, groups)
    if r.random() < 0.55:  # national
        if country == 1:
            a, b, c = parts[0], parts[1], "".join(parts[2:])
            return pick(
                r,
                (
                    f"({a}) {b}-{c}",
                    f"{a}-{b}-{c}",
                    f"{a}.{b}.{c}",
                    f"{a}{b}{c}",
                    f"1-{a}-{b}-{c}",
                    f"({a}){b}-{c}",
                ),
            )
        first, rest = "0" + parts[0], parts[1:]
        style = below(r, 6)
        if style == 0:
            return " ".join([first, *rest])
        if style == 1:
            return first + "".join(rest)
        if style == 2:
            return f"({first}) " + " ".join(rest)
        if style == 3:
            return first + "-" + "".join(rest)
        if style == 4:
            sep = {2: "/", 3: "."}.get(country, " ")
            return first + sep + sep.join(rest) if country == 3 else first + sep + "".join(rest)
        return first + " " + "".join(rest)
    style = below(r, 6)
    if style == 0:
        return f"+{cc} " + " ".join(parts)
    if style == 1:
        return f"+{cc}{nsn}"
    if style == 2:
        return f"00{cc} " + " ".join(parts)
    if style == 3 and country != 1:
        return f"+{cc} (0)" + " ".join(parts)
    if style == 4:
        return f"00{cc}{nsn}"
    if country == 1:
        return f"+1 ({parts[0]}) {parts[1]}-{''.join(parts[2:])}"
    return f"+{cc}-" + "-".join(parts)
