"""Benchmark: simulate customers, group them, fit BG/NBD and Gamma-Gamma, score CLV; print timings.

    python benchmarks/bench_clv_fit.py [--customers 1000000] [--seed 2005]

Customers follow the CDNOW estimates (Fader, Hardie & Lee 2005; Fader & Hardie 2013) with ages
uniform on 27-39 weeks; times are rounded to days (resolution 1/7 week) and spend to cents before
grouping, as the dbt summary table will hold them. Not a test: it prints numbers.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np

from firstparty.clv import (
    conditional_expected_spend,
    discounted_clv,
    fit_bgnbd,
    fit_gamma_gamma,
    group_spend,
    group_summary,
    simulate_bgnbd,
    simulate_gamma_gamma,
)

TRUE_PURCHASE = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
TRUE_SPEND = {"p": 6.25, "q": 3.74, "gamma": 15.44}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2005)
    args = parser.parse_args()
    n = args.customers
    rng = np.random.default_rng(args.seed)
    timings: dict[str, float] = {}

    def timed(label: str, fn, *a, **kw):
        start = time.perf_counter()
        out = fn(*a, **kw)
        timings[label] = time.perf_counter() - start
        return out

    print(
        f"python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} cpus, {n:,} customers"
    )
    sim = timed("simulate purchases", simulate_bgnbd, n, *TRUE_PURCHASE.values(), rng.uniform(27, 39, n), rng)
    m_x, _ = timed("simulate spend", simulate_gamma_gamma, sim.x, *TRUE_SPEND.values(), rng)
    grouped = timed("group (x, t_x, T)", group_summary, sim.x, sim.t_x, sim.T, 1 / 7)
    spend_groups = timed("group (x, m_x)", group_spend, sim.x, m_x, 0.01)
    purchase = timed(
        "fit BG/NBD", fit_bgnbd, grouped.x, grouped.t_x, grouped.T, grouped.weight, time_unit="week"
    )
    spend = timed("fit Gamma-Gamma", fit_gamma_gamma, spend_groups.x, spend_groups.m_x, spend_groups.weight)
    # CLV per (x, t_x, T) group at the population mean spend, 52 weekly periods, 10%/year.
    weekly_rate = 1.1 ** (1 / 52) - 1
    mean_spend = conditional_expected_spend(spend.params, np.zeros(1), np.full(1, np.nan))[0]
    clv = timed(
        "CLV 52 weeks per group",
        discounted_clv,
        purchase.params,
        grouped.x,
        grouped.t_x,
        grouped.T,
        mean_spend,
        52,
        weekly_rate,
    )

    print(f"groups: {grouped.x.size:,} purchase rows, {spend_groups.x.size:,} spend rows")
    for result, truth in ((purchase, TRUE_PURCHASE), (spend, TRUE_SPEND)):
        print(
            f"{result.model}: converged={result.converged} iterations={result.n_iterations} "
            f"log_likelihood={result.log_likelihood:.2f}"
        )
        for name, value in result.params.items():
            se = result.standard_errors[name]
            z = (value - truth[name]) / se
            print(f"  {name:>6} = {value:9.4f}  (SE {se:.4f}; true {truth[name]}, z {z:+.2f})")
    print(f"mean CLV per customer: {np.dot(grouped.weight, clv) / grouped.weight.sum():.2f}")
    for label, seconds in timings.items():
        print(f"{label:>24}: {seconds:7.2f} s")


if __name__ == "__main__":
    main()
