"""Benchmark: the lifetime-value marts inside `dbt build` on a large generated purchase history.

    python benchmarks/bench_clv_dbt.py [--customers 1000000] [--seed 2026] [--workdir DIR]

Builds a throwaway copy of the project (dbt_project.yml, macros/, models/marts/lifetime_value/) in
which the two inputs of the marts are stand-ins: `int_customers__purchases` (the purchase rule, which
lives in models/marts/customers) reads a generated table of purchases and `customer_record_map` a
generated table of customers. Everything downstream is the project's
own SQL and Python models, with the project's vars (calibration end 2025-12-31, observation end =
the day before demo_as_of 2026-07-01 00:00, weeks); since issue 11 the fit model fits twice, on the
calibration and on the observation window (the measurements below are from before that).
Purchases follow the BG/NBD story in continuous time (first purchases
uniform over 2024-01-01..2026-06-30, weekly purchase rates Gamma(0.5, 10), drop-out Beta(0.75, 3.3),
near the demo's fit) with Gamma-Gamma spend (CDNOW's p, q, gamma), rounded to days and cents; 5% of
customers never buy. Prints per-model times from run_results.json. Not a test: it prints numbers.

Measured (2 CPUs shared with other work, dbt-duckdb 1.11, DuckDB 2.0; seed 2026): 1,000,000 customers,
2.78M purchases, 760,335 summarised, 325,186 (x, t_x, T) groups and 81,992 spend groups. `dbt run` of
the 17 models 25-58 s wall over two runs, of which the fit model (fetch groups, fit both models)
3.6-7.0 s and the two scoring models 3.2-8.2 s together; `dbt test` 11-21 s. The estimates came back
near the generating values (r 0.508, alpha 10.37, a 0.759, b 3.41; p 6.19, q 3.74, gamma 15.7) and the
holdout prediction within 0.6% of the actual purchase days (473,420 vs 470,712).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
from dbt.cli.main import dbtRunner

REPO_ROOT = Path(__file__).resolve().parents[1]
START = date(2024, 1, 1)
END = date(2026, 6, 30)
PURCHASE = {"r": 0.5, "alpha": 10.0, "a": 0.75, "b": 3.3}  # weeks
SPEND = {"p": 6.25, "q": 3.74, "gamma": 15.44}

BENCH_PURCHASES = """\
-- Benchmark stand-in: the generated purchases, in int_customers__purchases' columns.
select * from generated.purchases
"""
BENCH_RECORD_MAP = """\
-- Benchmark stand-in: one shop_customers record per generated customer.
select
    'shop_customers' as source_name,
    customer_id as source_record_id,
    customer_id
from generated.customers
"""


def generate(n: int, rng: np.random.Generator) -> tuple[pa.Table, pa.Table]:
    """Customers and their purchases (one row per purchase), as pyarrow tables."""
    span_days = (END - START).days + 1
    buyers = np.flatnonzero(rng.random(n) >= 0.05)
    rate_per_day = rng.gamma(PURCHASE["r"], 1 / PURCHASE["alpha"], buyers.size) / 7
    dropout = rng.beta(PURCHASE["a"], PURCHASE["b"], buyers.size)
    nu = rng.gamma(SPEND["q"], 1 / SPEND["gamma"], buyers.size)
    clock = rng.uniform(0, span_days, buyers.size)
    owners, times = [np.arange(buyers.size)], [clock.copy()]
    active = np.arange(buyers.size)
    while active.size:
        with np.errstate(divide="ignore"):
            clock[active] += rng.standard_exponential(active.size) / rate_per_day[active]
        bought = clock[active] < span_days
        active = active[bought]
        owners.append(active)
        times.append(clock[active].copy())
        active = active[rng.random(active.size) >= dropout[active]]
    owner = np.concatenate(owners)
    when = np.concatenate(times)
    amount = np.round(rng.gamma(SPEND["p"], 1.0, owner.size) / nu[owner], 2) + 0.01
    day = np.floor(when).astype("int64")
    purchased_at = (np.datetime64(START.isoformat(), "s") + (when * 86400).astype("int64")).astype(
        "datetime64[us]"
    )
    ids = np.char.add("c", np.char.zfill(np.arange(n).astype(str), 8))
    money = pa.decimal128(18, 6)
    purchases = pa.table(
        {
            "customer_id": ids[buyers[owner]],
            "source_name": np.full(owner.size, "shop_orders"),
            "source_record_id": np.char.add("o", np.arange(owner.size).astype(str)),
            "purchase_channel": np.full(owner.size, "shop"),
            "original_currency": np.full(owner.size, "GBP"),
            "reporting_currency": np.full(owner.size, "GBP"),
            "original_amount": pa.array(amount).cast(money),
            "gross_amount": pa.array(amount).cast(money),
            "refunded_amount": pa.array(np.zeros(owner.size)).cast(money),
            "net_amount": pa.array(amount).cast(money),
            "purchase_date": (np.datetime64(START.isoformat(), "D") + day).astype("datetime64[D]"),
            "purchased_at": purchased_at,
        }
    )
    return pa.table({"customer_id": ids}), purchases


def build_project(workdir: Path) -> Path:
    project = workdir / "project"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(REPO_ROOT / "macros", project / "macros")
    shutil.copytree(
        REPO_ROOT / "models" / "marts" / "lifetime_value", project / "models" / "marts" / "lifetime_value"
    )
    shutil.copy(REPO_ROOT / "dbt_project.yml", project / "dbt_project.yml")
    shutil.copy(REPO_ROOT / "profiles.yml", project / "profiles.yml")
    (project / "seeds" / "reference").mkdir(parents=True)
    for name in ("ref_fx_rates.csv", "_reference__fx_rates.yml", "ref_currencies.csv", "ref_countries.csv",
                 "_reference__seeds.yml"):  # fmt: skip
        shutil.copy(REPO_ROOT / "seeds" / "reference" / name, project / "seeds" / "reference" / name)
    (project / "models" / "bench").mkdir()
    (project / "models" / "bench" / "int_customers__purchases.sql").write_text(BENCH_PURCHASES)
    (project / "models" / "bench" / "customer_record_map.sql").write_text(BENCH_RECORD_MAP)
    # The unit tests read seeds and staging models this copy does not have.
    yml = project / "models" / "marts" / "lifetime_value" / "_lifetime_value__models.yml"
    text = yml.read_text()
    yml.write_text(text[: text.index("\nunit_tests:")] + "\n")
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workdir", type=Path, default=None, help="kept afterwards (default: a temp dir)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench_clv_dbt_"))
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "clv_bench.duckdb"
    db.unlink(missing_ok=True)

    started = time.perf_counter()
    customers, purchases = generate(args.customers, np.random.default_rng(args.seed))
    con = duckdb.connect(str(db))
    con.execute("create schema generated")
    con.register("customers_arrow", customers)
    con.register("purchases_arrow", purchases)
    con.execute("create table generated.customers as select * from customers_arrow")
    con.execute("create table generated.purchases as select * from purchases_arrow")
    con.close()
    generated = time.perf_counter() - started
    print(f"{args.customers:,} customers, {purchases.num_rows:,} purchases, loaded in {generated:.1f} s")

    project = build_project(workdir)
    os.environ.update(
        {"FIRSTPARTY_DUCKDB_PATH": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DO_NOT_TRACK": "1"}
    )
    common = ["--project-dir", str(project), "--profiles-dir", str(project), "--target-path",
              str(workdir / "target"), "--log-path", str(workdir / "logs")]  # fmt: skip
    for command in (["seed"], ["run"], ["test"]):
        started = time.perf_counter()
        result = dbtRunner().invoke([*command, *common])
        wall = time.perf_counter() - started
        if not result.success:
            raise SystemExit(f"dbt {command[0]} failed; logs in {workdir / 'logs'}")
        results = json.loads((workdir / "target" / "run_results.json").read_text())["results"]
        if command == ["seed"]:
            continue
        print(f"dbt {command[0]}: {wall:.1f} s wall (parse, startup and {len(results)} nodes)")
        if command == ["run"]:
            for node in sorted(results, key=lambda r: -r["execution_time"]):
                print(f"  {node['unique_id'].split('.')[-1]:>30}: {node['execution_time']:6.2f} s")
        else:
            slowest = sorted(results, key=lambda r: -r["execution_time"])[:5]
            print("  slowest tests: " + ", ".join(f"{r['execution_time']:.1f} s" for r in slowest))

    con = duckdb.connect(str(db))  # dbt-duckdb keeps its own connection to the file open in this process
    for name, value in con.execute(
        "select model_name || '.' || parameter_name, estimate from marts.clv_model_fit"
    ).fetchall():
        print(f"  {name:>18} = {value:.4f}")
    print(
        con.execute(
            "select count(*), count(*) filter (where is_converged) from marts.clv_model_fit"
        ).fetchone()
    )
    for row in con.execute(
        "select fit_window,"
        " (select count(*) from marts.int_lifetime_value__summary_statistics as s"
        " where s.fit_window = w.fit_window),"
        " (select count(*) from marts.int_lifetime_value__summary_groups as g"
        " where g.fit_window = w.fit_window),"
        " (select count(*) from marts.int_lifetime_value__spend_groups as p"
        " where p.fit_window = w.fit_window)"
        " from (select distinct fit_window from marts.int_lifetime_value__summary_groups) as w order by 1"
    ).fetchall():
        print("fit window, summary rows, purchase groups, spend groups:", row)
    print(
        "customer_lifetime_value rows:",
        con.execute("select count(*) from marts.customer_lifetime_value").fetchone()[0],
    )
    print(
        con.execute(
            "select repeat_purchase_bucket, customer_count, round(predicted_purchases), actual_purchases,"
            " round(pearson_correlation, 3) from marts.clv_holdout_validation"
            " order by min_repeat_purchases nulls last"
        ).fetchall()
    )
    con.close()
    print(f"work dir: {workdir}")


if __name__ == "__main__":
    main()
