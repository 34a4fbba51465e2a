"""The Spark build (make test-spark, docs/spark.md) ran the whole project and is green.

make test-spark runs `python -m firstparty.spark_build build --target spark --unit-tests-last` on a fresh
warehouse in FIRSTPARTY_SPARK_DIR and then this file, which reads that run's run_results.json: every node it
ran is green, and it ran every seed, model (the Python ones run by spark_build), data test and unit test of
the manifest. Skipped when no Spark run exists (make test does not run Spark). The session functions
(keyed hash, Jaro-Winkler) and spark_build's ordering of Python models are checked without Spark.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from firstparty import keyed_hash, spark_build

PROJECT = Path(__file__).resolve().parents[1]
SPARK_DIR = Path(os.environ.get("FIRSTPARTY_SPARK_DIR", PROJECT / "target" / "spark"))
RUN_RESULTS = SPARK_DIR / "dbt" / "run_results.json"
# Every seed, model, data test and unit test of the project must have run on Spark, but these (docs/spark.md
# says why): none left.
NOT_ON_SPARK: dict[str, str] = {}


@pytest.fixture(scope="module")
def run_results() -> dict:
    if not RUN_RESULTS.exists():
        pytest.skip(f"no Spark run at {RUN_RESULTS}: run make test-spark")
    return json.loads(RUN_RESULTS.read_text())


def test_spark_build_exit_code_is_zero(run_results: dict) -> None:
    rc_file = SPARK_DIR / "build.rc"
    assert rc_file.exists(), "make test-spark writes the build's exit code to build.rc"
    assert rc_file.read_text().strip() == "0"


def test_every_node_that_ran_on_spark_is_green(run_results: dict) -> None:
    """Green: success or pass; a data test may warn (severity warn in its yml, as on DuckDB); exposures and
    saved queries have nothing to run (no-op)."""

    def green(result: dict) -> bool:
        kind = result["unique_id"].split(".")[0]
        return (
            result["status"] in ("success", "pass")
            or (kind == "test" and result["status"] == "warn")
            or (kind in ("exposure", "saved_query") and result["status"] == "no-op")
        )

    failed = [
        f"{result['unique_id']}: {result['status']} {(result.get('message') or '')[:200]}"
        for result in run_results["results"]
        if not green(result)
    ]
    assert not failed, "\n".join(failed)


def test_spark_ran_every_seed_model_data_test_and_unit_test(run_results: dict) -> None:
    """The whole project ran: every enabled seed, model (the Python ones by spark_build), data test and unit
    test of the manifest, but what NOT_ON_SPARK names."""
    manifest = json.loads((SPARK_DIR / "dbt" / "manifest.json").read_text())
    ran = {result["unique_id"] for result in run_results["results"]}
    nodes = {**manifest["nodes"], **manifest.get("unit_tests", {})}
    expected = {
        unique_id
        for unique_id, node in nodes.items()
        if node["resource_type"] in ("model", "seed", "test", "unit_test")
        and node["package_name"] == "firstparty"
    }
    assert sorted(expected - ran - set(NOT_ON_SPARK)) == []
    kinds = {unique_id.split(".")[0] for unique_id in ran}
    assert {"seed", "model", "test", "unit_test"} <= kinds
    python_models = [
        unique_id
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node.get("language") == "python"
    ]
    assert len(python_models) == 4 and set(python_models) <= ran


def test_spark_keyed_hash_udf_matches_duckdbs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The UDF registered in the Spark session hashes exactly as firstparty.keyed_hash (and DuckDB) do."""
    pytest.importorskip("pyspark", reason="pyspark comes with the spark extra (make test-spark)")
    monkeypatch.setenv(keyed_hash.KEY_VARIABLE, "k" * 40)
    monkeypatch.delenv(keyed_hash.PREVIOUS_KEYS_VARIABLE, raising=False)

    class FakeUdf:
        def __init__(self) -> None:
            self.functions: dict = {}

        def register(self, name, function, return_type):  # noqa: ANN001, ANN201
            self.functions[name] = function

    class FakeSession:
        udf = FakeUdf()

    session = FakeSession()
    assert spark_build.register_functions(session) == "environment"
    functions = session.udf.functions
    master = ("k" * 40).encode()
    assert functions[spark_build.HASH_FUNCTION]("a@b.example", "tombstone", "") == keyed_hash.keyed_hash(
        "a@b.example", "tombstone", master
    )
    assert functions[spark_build.HASH_FUNCTION](None, "tombstone", "") is None
    assert functions[spark_build.FINGERPRINT_FUNCTION]("") == keyed_hash.key_fingerprint(master)
    assert functions[spark_build.PREVIOUS_KEY_COUNT_FUNCTION]() == 0


def test_spark_keyed_hash_without_key_fails_with_the_message(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pyspark", reason="pyspark comes with the spark extra (make test-spark)")
    monkeypatch.delenv(keyed_hash.KEY_VARIABLE, raising=False)
    monkeypatch.delenv(keyed_hash.DEMO_VARIABLE, raising=False)

    class FakeUdf:
        functions: dict = {}

        def register(self, name, function, return_type):  # noqa: ANN001, ANN201
            self.functions[name] = function

    class FakeSession:
        udf = FakeUdf()

    assert spark_build.register_functions(FakeSession()) == "missing"
    with pytest.raises(keyed_hash.MissingHmacKeyError, match="FIRSTPARTY_HMAC_KEY"):
        FakeSession.udf.functions[spark_build.HASH_FUNCTION]("a@b.example", "tombstone", "")


def test_spark_jaro_winkler_udf_equals_duckdbs_on_the_demo_names() -> None:
    """firstparty_jaro_winkler (the Spark UDF) equals DuckDB's jaro_winkler_similarity on every pair of the
    demo seeds' distinct names (and a few edge cases), bit for bit, without Spark."""
    import csv

    import duckdb

    from firstparty.jaro_winkler import jaro_winkler

    names: set[str] = set()
    for seed in ("crm_contacts", "shop_customers"):
        with (PROJECT / "seeds" / "raw" / f"{seed}.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                names.update(value.strip().lower() for key, value in row.items() if "name" in key and value)
    assert len(names) > 150
    edge_cases = ["a", "ab", "ba", "martha", "marhta", "dwayne", "duane", "müller", "muller", ""]
    sample = sorted(names)[:150] + edge_cases
    pairs = [(a, b) for a in sample for b in sample]
    duckdbs = duckdb.connect().execute(
        "select a, b, jaro_winkler_similarity(a, b) from (select unnest(?) as a, unnest(?) as b)",
        [[a for a, _ in pairs], [b for _, b in pairs]],
    )
    differ = [
        (a, b, value, ours) for a, b, value in duckdbs.fetchall() if (ours := jaro_winkler(a, b)) != value
    ]
    assert differ[:5] == []
    assert jaro_winkler(None, "a") is None and jaro_winkler("a", None) is None


def test_spark_build_runs_python_models_in_waves_between_dbt_passes() -> None:
    """A Python model runs after every SQL model it reads (the pass before its wave), before what reads it."""

    def node(name: str, parents: list[str], language: str = "sql") -> dict:
        return {
            "unique_id": f"model.firstparty.{name}",
            "name": name,
            "resource_type": "model",
            "language": language,
            "package_name": "firstparty",
            "depends_on": {"nodes": [f"model.firstparty.{parent}" for parent in parents]},
        }

    models = [
        node("levels", []),
        node("identity_fit", ["levels"], "python"),
        node("clusters", ["identity_fit"]),
        node("summary", ["clusters"]),
        node("scores", ["clv_fit", "summary"], "python"),
        node("clv_fit", ["summary"], "python"),
        node("report", ["scores", "levels"]),
    ]
    manifest = {"nodes": {model["unique_id"]: model for model in models}}
    waves = [[model["name"] for model in wave] for wave in spark_build.python_model_waves(manifest)]
    assert waves == [["identity_fit"], ["clv_fit", "scores"]]
