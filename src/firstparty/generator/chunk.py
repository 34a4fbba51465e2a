"""One chunk of persons and everything the channels saw of them; needs no state shared with other chunks.

`Chunk.build` runs the channel builders (`channels/`) in a fixed order, each adding its exports to
`chunk.tables` (later channels read what earlier ones left on the chunk: orders, clicks, email
clicks, first visits), then the table noise. The helpers below are what a channel holds of a person
(which email, which phone, which device), written with the value noise of `noise.py`.
"""

from __future__ import annotations

import random
from collections import Counter

import numpy as np

from firstparty import _names as names
from firstparty import _synth as syn
from firstparty.exports import EXPORTS
from firstparty.generator import config as cfg
from firstparty.generator import noise
from firstparty.generator.channels import BUILDERS, crm
from firstparty.generator.context import CALL_CENTRE_NSN, Context
from firstparty.generator.persons import Persons
from firstparty.generator.table import Table


class Chunk:
    """Everything the channels saw of one chunk of persons."""

    def __init__(self, ctx: Context, index: int, persons: Persons):
        self.ctx = ctx
        self.index = index
        self.rng = np.random.default_rng([ctx.seed, index, 1])
        self.r = random.Random(int(self.rng.integers(0, 2**62)))
        self.P = persons
        self.tables: dict[str, Table] = {}
        self.counters: dict[str, int] = {}
        self.bad_values_used: Counter[str] = Counter()
        # what a channel leaves for the channels after it
        self.account_email: dict[int, str] = {}  # shop: person -> account email (ads hashes it)
        self.orders: dict[str, np.ndarray] = {}  # shop: orders (ads conversions, web purchase sessions)
        self.esp_unsubscribes: tuple[np.ndarray, ...] = ()  # esp: (person, email, time) (consent)
        self.esp_clicks: dict[str, np.ndarray] = {}  # esp: email clicks (web click-throughs)
        self.clicks: dict[str, np.ndarray] = {}  # ads: clicks (web ad-click sessions)
        self.web_devices: dict[str, np.ndarray] = {}  # web: each browser's first visit (cookie banner)

    def build(self) -> dict[str, Table]:
        """Every export of the chunk, noise applied, in file order."""
        for build_channel in BUILDERS:
            build_channel(self)
        noise.apply_table_noise(self)
        crm.profile_only_contacts(self)  # last, on streams of its own: the other records stay as they were
        return {e.identifier: self.tables[e.identifier] for e in EXPORTS}

    # -- draws -----------------------------------------------------------------------------------
    def draw(self, shares: tuple[float, ...], n: int) -> np.ndarray:
        """n outcome indexes drawn with the given shares."""
        return self.rng.choice(len(shares), n, p=shares)

    def draw_values(self, shares: dict, n: int) -> np.ndarray:
        """n values (the keys of `shares`) drawn with their shares."""
        return self.rng.choice(list(shares), n, p=list(shares.values()))

    def times_after(self, lo: np.ndarray, end_margin: int = 0) -> np.ndarray:
        hi = np.full(len(lo), self.ctx.t_end - end_margin, dtype=np.int64)
        return syn.random_times(self.rng, np.minimum(lo, hi), hi)

    # -- values as a channel writes them ---------------------------------------------------------
    def ts(self, secs: np.ndarray, person: np.ndarray) -> np.ndarray:
        earliest = self.ctx.t_start - cfg.TS_EARLIEST_DAYS * syn.DAY
        secs = np.clip(np.asarray(secs, dtype=np.int64), earliest, self.ctx.t_end)
        country = self.P.country[person]
        return self.ctx.clock.mixed(self.rng, secs, country, cfg.TS_OFFSET_RATE, cfg.TS_NAIVE_RATE)

    def missing(self, col: np.ndarray, key: str) -> np.ndarray:
        return noise.blank_some(self.rng, col, cfg.MISSING[key])

    def pick_email(
        self, person: np.ndarray, work: float, family: float, placeholder: float = 0.0
    ) -> np.ndarray:
        """Canonical email a channel holds for each row's person."""
        P = self.P
        u = self.rng.random((3, len(person)))
        out = P.email[person].copy()
        use_work = (u[0] < work) & (P.work_email[person] != "")
        out[use_work] = P.work_email[person][use_work]
        use_family = (u[1] < family) & (P.family_email[person] != "")
        out[use_family] = P.family_email[person][use_family]
        use_placeholder = u[2] < placeholder
        if use_placeholder.any():
            out[use_placeholder] = syn.objs(names.PLACEHOLDER_EMAILS)[
                self.rng.integers(0, len(names.PLACEHOLDER_EMAILS), int(use_placeholder.sum()))
            ]
        return out

    def email_noise(self, emails: np.ndarray) -> np.ndarray:
        return noise.email_variants(self.rng, self.r, emails)

    def first_names(self, person: np.ndarray, nickname_rate: float = cfg.NAME_NICKNAME_RATE) -> np.ndarray:
        return noise.name_variants(
            self.rng, self.r, noise.nicknames(self.rng, self.r, self.P.first[person], nickname_rate)
        )

    def last_names(self, person: np.ndarray) -> np.ndarray:
        return noise.name_variants(self.rng, self.r, self.P.last[person].copy())

    def phones(self, person: np.ndarray, second: float = cfg.SECOND_PHONE_RATE) -> np.ndarray:
        """A formatted phone of each row's person ('' when they have none)."""
        P = self.P
        out = syn.blanks(len(person))
        u = self.rng.random(len(person))
        for i, p in enumerate(person):
            k = int(P.n_phones[p])
            if k == 0:
                continue
            j = 1 if (k == 2 and u[i] < second) else 0
            out[i] = syn.format_phone(int(P.country[p]), P.phone_nsn[p, j], P.phone_groups[p, j], self.r)
        return out

    def call_centre_phone(self) -> str:
        return syn.format_phone(0, CALL_CENTRE_NSN, (2, 4, 4), self.r)

    def countries(self, person: np.ndarray) -> np.ndarray:
        return noise.country_spellings(self.rng, self.r, self.P.country[person])

    def postcodes(self, person: np.ndarray) -> np.ndarray:
        return noise.postcode_variants(self.rng, self.r, self.P.postcode[person])

    def device(self, person: np.ndarray) -> np.ndarray:
        P = self.P
        return P.dev_start[person] + (self.rng.random(len(person)) * P.dev_count[person]).astype(np.int64)

    # -- record ids ------------------------------------------------------------------------------
    def _take(self, counter: str, n: int) -> int:
        first = self.counters.get(counter, 0)
        if first + n >= cfg.ID_STRIDE:
            raise ValueError(f"more than {cfg.ID_STRIDE} {counter} records in one chunk")
        self.counters[counter] = first + n
        return self.index * cfg.ID_STRIDE + first

    def counter_values(self, counter: str, n: int) -> np.ndarray:
        """n fresh values of a per-chunk counter (unique across chunks), as uint64."""
        first = self._take(counter, n)
        return np.arange(first + 1, first + n + 1, dtype=np.uint64)

    def ids(self, counter: str, fmt: str, n: int, base: int = 1) -> np.ndarray:
        """Sequential ids (in the order rows are passed: the builders pass them in time order)."""
        return syn.seq_ids(fmt, base + self._take(counter, n), n)

    def hex_ids(self, counter: str, n: int, salt: int) -> np.ndarray:
        return syn.hex16(syn.mix64(self.counter_values(counter, n), self.ctx.seed ^ salt))
