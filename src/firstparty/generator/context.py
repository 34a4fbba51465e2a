"""What every chunk shares: the run's settings, the clock, the product catalogue and the campaigns.

The counters and used-identifier sets are the main process's register for drawing persons (worker
processes rebuild the rest from the same arguments).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from firstparty import _names as names
from firstparty import _synth as syn
from firstparty.generator import config as cfg

CURRENCIES = ("GBP", "EUR", "USD")
CURRENCY_OF_COUNTRY = np.array([CURRENCIES.index(c) for c in names.CURRENCY_BY_COUNTRY])
CALL_CENTRE_NSN = "2079460000"  # +44 20 7946 0000, a switchboard many transferred calls carry
_CONTEXT_STREAM = 1_000_003  # random stream of the catalogue and campaigns (apart from every chunk's)


@dataclass
class Context:
    """Run-wide settings and reference data; see the module docstring."""

    persons: int
    seed: int
    as_of: dt.date
    start: dt.date = field(init=False)
    t_start: int = field(init=False)
    t_end: int = field(init=False)
    clock: syn.Clock = field(init=False)
    counters: dict[str, int] = field(default_factory=dict)
    used_emails: set[str] = field(default_factory=set)
    used_phones: set[str] = field(default_factory=set)
    id_width: int = field(init=False)

    def __post_init__(self) -> None:
        self.start = dt.date(self.as_of.year - cfg.HISTORY_YEARS, 1, 1)
        self.t_start = syn.day_number(self.start) * syn.DAY
        self.t_end = (syn.day_number(self.as_of) + 1) * syn.DAY - 1
        self.clock = syn.Clock(syn.day_number(self.start) - 5 * 366, syn.day_number(self.as_of) + 2)
        self.id_width = max(6, len(str(self.persons)))
        self.used_emails.update(names.PLACEHOLDER_EMAILS)
        self.used_phones.add("+44" + CALL_CENTRE_NSN)
        rng = np.random.default_rng([self.seed, _CONTEXT_STREAM])
        self._catalogue(rng)
        self._campaigns(rng)

    def take(self, counter: str, n: int) -> int:
        """Reserve n consecutive values of a global counter; returns the first."""
        first = self.counters.get(counter, 0)
        self.counters[counter] = first + n
        return first

    def counter_values(self, counter: str, n: int) -> np.ndarray:
        """The next n values (from 1) of a global counter, as uint64."""
        first = self.take(counter, n)
        return np.arange(first + 1, first + n + 1, dtype=np.uint64)

    def _catalogue(self, rng: np.random.Generator) -> None:
        n = cfg.CATALOGUE_SKUS
        cat = rng.integers(0, len(names.PRODUCT_CATEGORIES), n)
        lo = np.array([p[0] for p in names.CATEGORY_PRICE_PENCE])[cat]
        hi = np.array([p[1] for p in names.CATEGORY_PRICE_PENCE])[cat]
        gbp = (lo + rng.random(n) * (hi - lo)).astype(np.int64) // 100 * 100 + 99
        self.sku = syn.objs(
            [f"{names.PRODUCT_CATEGORIES[c][:3].upper()}-{10000 + i * 37:05d}" for i, c in enumerate(cat)]
        )
        self.sku_category = syn.objs([names.PRODUCT_CATEGORIES[c] for c in cat])
        # price per currency (GBP, EUR, USD) in minor units, ending in .99 / .95
        self.price = np.stack([(gbp * fx).astype(np.int64) // 100 * 100 + 99 for fx in cfg.FX_FROM_GBP])
        weights = 1.0 / (np.arange(n) + cfg.SKU_ZIPF_OFFSET)
        self.sku_weights = weights / weights.sum()

    def _campaigns(self, rng: np.random.Generator) -> None:
        every = cfg.ESP_CAMPAIGN_EVERY_DAYS
        days = np.arange(0, (self.t_end - self.t_start) // syn.DAY - 1, every).astype(np.int64)
        spread = cfg.ESP_SEND_SPREAD_HOURS * 3600
        times = self.t_start + days * syn.DAY + cfg.ESP_SEND_HOUR * 3600 + rng.integers(0, spread, len(days))
        themes = ("newsletter", "sale", "new_in", "back_in_stock", "loyalty", "style_notes")
        days = np.datetime_as_string(times.astype("datetime64[s]"), unit="D")
        self.esp_campaign_time = times
        self.esp_campaign_id = syn.objs(
            [f"cmp_{d.replace('-', '')}_{themes[i % len(themes)]}" for i, d in enumerate(days)]
        )
        google, meta, other = cfg.AD_CAMPAIGNS_PER_PLATFORM
        self.ad_campaigns = (
            syn.objs([f"gads_{7_300_000_000 + 7919 * k}" for k in range(google)]),
            syn.objs([f"{23_851_000_000_000 + 104_729 * k}" for k in range(meta)]),
            syn.objs([f"crt_{4100 + k}" for k in range(other)]),
        )
