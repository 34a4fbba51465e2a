"""Probabilistic matching on profile-only data: person records with no email, phone or loyalty id.

The project generator's profile-only mode (`firstparty.generator.profile_only`, the CLI's
`--profile-only`) writes a population of households (two to four sharing a family name and an
address, twins among them) as two files of CRM contacts (file A, with duplicates inside it, and file
B) with realistic noise: typos, nicknames, given and family names swapped, day and month swapped, a
digit off, missing fields, moved addresses, postcode formats. A third file of shop accounts carries
names only (the shop export has no address or birth date). The exports are read in place (var raw_path),
only the seeds and models up to int_identity__match_scores are built, and the probabilistic links are scored
pairwise against the generator's truth: predicted clusters are the connected components of the
links (before identity's cluster-size guard), every CRM record counts once.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

import duckdb
import pytest
from dbt_helpers import run_dbt

from firstparty.evaluate import PairCounts, link_pair_counts
from firstparty.generator.cli import main as generate_main

PERSONS = 1200
SEED = 20261203
# The generator dates profile-only records 2025-01-01; pinned so retention never depends on the wall clock.
AS_OF = "2026-07-01 00:00:00"
# Measured 0.9917 (precision 1.0, recall 0.9835) on this data at the default threshold 0.95 since session 18's
# prior (0.9902 before it, 0.9817 at 0.99 before session 16); issue 15 asks 0.99.
F1_TARGET = 0.99
PRECISION_TARGET = 0.995


@dataclass
class Scored:
    crm: PairCounts
    all_records: PairCounts
    shop_links: int
    wrong_shop_links: int
    converged: bool
    holds_households: bool


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> Scored:
    work = tmp_path_factory.mktemp("profile_only")
    exports = work / "exports"
    args = [
        "--profile-only",
        "--persons",
        str(PERSONS),
        "--seed",
        str(SEED),
        "--out",
        str(exports),
        "--quiet",
    ]
    assert generate_main([*args, "--answer-out", str(work / "answer_key.csv")]) == 0
    with (work / "answer_key.csv").open(newline="") as handle:
        truth = {
            f"{row['source_name']}:{row['source_record_id']}": row["person_id"]
            for row in csv.DictReader(handle)
        }
    db_path = work / "profiles.duckdb"
    result = run_dbt(
        [
            "build",
            "--select",
            "+int_identity__match_scores",
            "--resource-type",
            "seed",
            "--resource-type",
            "model",
            "--vars",
            f"{{raw_path: '{work / 'exports'}', as_of: '{AS_OF}'}}",
        ],
        db_path=db_path,
        work_dir=work,
    )
    assert result.success, result.output()[-6000:]
    con = duckdb.connect(str(db_path))
    try:
        links = con.execute(
            "select record_key_a, record_key_b from identity.int_identity__match_scores where is_match"
        ).fetchall()
        (converged,) = con.execute(
            "select bool_and(is_converged) from identity.identity_match_model_fit"
        ).fetchone()
        (holds_households,) = con.execute(
            "select bool_and(data_holds_households) from identity.int_identity__match_scores"
        ).fetchone()
    finally:
        con.close()
    crm = link_pair_counts(links, truth, keep=lambda record: record.startswith("crm_"))
    everything = link_pair_counts(links, truth)
    shop_links = [(a, b) for a, b in links if "shop_customers:" in a + b]
    wrong = sum(1 for a, b in shop_links if truth[a] != truth[b])
    print(
        f"\nprofile-only CRM files A+B: {len(truth)} records, "
        f"pairs predicted={crm.predicted} true={crm.true} "
        f"both={crm.both} precision={crm.precision:.4f} recall={crm.recall:.4f} f1={crm.f1:.4f}; "
        f"with the name-only shop accounts: precision={everything.precision:.4f} "
        f"recall={everything.recall:.4f} f1={everything.f1:.4f}; shop links={len(shop_links)} wrong={wrong}"
    )
    return Scored(crm, everything, len(shop_links), wrong, bool(converged), bool(holds_households))


@pytest.mark.slow
def test_the_fit_converges_on_profile_only_data(scored: Scored) -> None:
    assert scored.converged


@pytest.mark.slow
def test_the_household_rules_apply_to_data_with_households(scored: Scored) -> None:
    # int_identity__match_scores applies its household rules only when the data shows households
    # (pairs sharing a family name and address that differ on given name and birth date); these do
    assert scored.holds_households


@pytest.mark.slow
def test_profile_only_crm_files_are_deduplicated_and_linked_precisely(scored: Scored) -> None:
    assert scored.crm.precision >= PRECISION_TARGET, scored.crm


@pytest.mark.slow
def test_profile_only_crm_files_reach_the_f1_target(scored: Scored) -> None:
    assert scored.crm.f1 >= F1_TARGET, scored.crm


@pytest.mark.slow
def test_name_only_shop_accounts_are_never_linked_on_names_alone(scored: Scored) -> None:
    """A given and a family name are names only: a match needs an agreeing field that is not a name."""
    assert scored.shop_links == 0
