"""Synthetic channel exports with a known truth.

    python -m firstparty.generate --persons N --seed S --out DIR [--format csv|parquet] [--as-of DATE]
    python -m firstparty.generate --demo     # seeds/raw/*.csv, _raw__seeds.yml, evaluation/answer_key.csv

The generator lives in the package `firstparty.generator` (one module per concern: persons, each
channel, noise, writing; every rate and share in `firstparty/generator/config.py`). This module is
its entry point and keeps the names tests, benchmarks and scripts import from it.
"""

from __future__ import annotations

from firstparty import _synth as syn
from firstparty.generator.chunk import Chunk
from firstparty.generator.cli import main
from firstparty.generator.config import CHUNK_PERSONS, DEFAULT_AS_OF, DEMO_PERSONS, DEMO_SEED
from firstparty.generator.context import CALL_CENTRE_NSN, CURRENCIES, Context
from firstparty.generator.noise import NOISE_PLAN, UNKNOWN_CODES
from firstparty.generator.persons import Persons, make_persons
from firstparty.generator.run import build_chunk, generate
from firstparty.generator.writing import ANSWER_COLUMNS, render_seeds_yml

__all__ = [
    "ANSWER_COLUMNS",
    "CALL_CENTRE_NSN",
    "CHUNK_PERSONS",
    "CURRENCIES",
    "DEFAULT_AS_OF",
    "DEMO_PERSONS",
    "DEMO_SEED",
    "NOISE_PLAN",
    "UNKNOWN_CODES",
    "Chunk",
    "Context",
    "Persons",
    "build_chunk",
    "generate",
    "main",
    "make_persons",
    "render_seeds_yml",
    "syn",
]

if __name__ == "__main__":
    raise SystemExit(main())
