"""`python -m firstparty.generate`: the command line."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from firstparty.generator import config as cfg
from firstparty.generator.profile_only import write_profile_only
from firstparty.generator.run import generate
from firstparty.generator.writing import render_seeds_yml

DESCRIPTION = "Synthetic channel exports with a known truth."


def _project_root() -> Path:
    here = Path.cwd().resolve()
    for p in (here, *here.parents):
        if (p / "dbt_project.yml").exists():
            return p
    return Path(__file__).resolve().parents[3]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m firstparty.generate", description=DESCRIPTION)
    ap.add_argument("--persons", type=int, help=f"number of true persons (demo: {cfg.DEMO_PERSONS})")
    ap.add_argument("--seed", type=int, help=f"random seed (demo: {cfg.DEMO_SEED})")
    ap.add_argument("--out", type=Path, help="output folder (demo: seeds/raw)")
    ap.add_argument("--format", choices=("csv", "parquet"), default="csv")
    ap.add_argument("--as-of", default=cfg.DEFAULT_AS_OF, help="export date; all times derive from it")
    ap.add_argument("--demo", action="store_true", help="write the committed demo seeds, yml and answer key")
    ap.add_argument(
        "--profile-only",
        action="store_true",
        help="write profile-only CRM contacts (two files: A with duplicates, B) and name-only shop accounts "
        "in households, no email or phone (the other exports header-only; CSV), and the answer key",
    )
    ap.add_argument(
        "--answer-out",
        type=Path,
        help="answer key path (default OUT/_answer_key.<format>; raw_path checks skip names starting with _)",
    )
    ap.add_argument("--yml-out", type=Path, help="seeds yml path (demo default seeds/raw/_raw__seeds.yml)")
    ap.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1), help="worker processes")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)

    log = None if args.quiet else (lambda msg: print(msg, file=sys.stderr))
    if args.profile_only:
        if args.demo or args.format != "csv":
            ap.error("--profile-only writes CSV and is not the demo")
        if args.persons is None or args.seed is None or args.out is None:
            ap.error("--persons, --seed and --out are required")
        if args.persons < 1:
            ap.error("--persons must be positive")
        counts = write_profile_only(args.persons, args.seed, args.out, args.answer_out)
        if log:
            for k, v in counts.items():
                if v:
                    log(f"{k:<22}{v:>12,}")
            log(f"{args.persons:,} profile-only persons -> {args.out}")
        return 0
    if args.demo:
        if args.format != "csv":
            ap.error("--demo writes CSV seeds")
        root = _project_root()
        persons = args.persons or cfg.DEMO_PERSONS
        seed = cfg.DEMO_SEED if args.seed is None else args.seed
        out = args.out or root / "seeds" / "raw"
        answer = args.answer_out or root / "evaluation" / "answer_key.csv"
        yml = args.yml_out or root / "seeds" / "raw" / "_raw__seeds.yml"
    else:
        if args.persons is None or args.seed is None or args.out is None:
            ap.error("--persons, --seed and --out are required (or use --demo)")
        persons, seed, out, answer, yml = args.persons, args.seed, args.out, args.answer_out, args.yml_out
    if persons < 1:
        ap.error("--persons must be positive")
    started = time.perf_counter()
    counts = generate(persons, seed, out, args.format, args.as_of, answer, log, jobs=args.jobs)
    if yml:
        yml.parent.mkdir(parents=True, exist_ok=True)
        with yml.open("w", encoding="utf-8", newline="\n") as f:
            f.write(render_seeds_yml())
    if log:
        for k, v in counts.items():
            log(f"{k:<22}{v:>12,}")
        log(f"{persons:,} persons in {time.perf_counter() - started:.1f}s -> {out}")
    return 0
