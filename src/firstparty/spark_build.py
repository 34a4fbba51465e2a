"""Run dbt on Spark (profile target `spark`, dbt-spark's session method) with the keyed hash registered.

    python -m firstparty.spark_build build --target spark [--unit-tests-last] [dbt arguments ...]

dbt-spark's session method runs Spark inside the dbt process and opens its session with
`SparkSession.builder.getOrCreate()`, which returns a session that already exists. This entry point
opens that session first, with the target's `server_side_parameters` from profiles.yml (the same values
dbt would use), registers the keyed-hash functions in it (the Spark counterpart of the dbt-duckdb plugin
`firstparty.keyed_hash`), then runs dbt in the same process. The HMAC key comes from the environment
variable FIRSTPARTY_HMAC_KEY (or the demo opt-in), exactly as on DuckDB: it is held by the Python UDF,
never written into SQL, the profile, `target/` or the logs.

Functions registered (temporary functions of the session; macros/governance/*.sql spark__ variants call them):
- `firstparty_hmac_sha256(value, destination, key_slot)`: lower-case hex HMAC-SHA256 of `value` under the
  destination's key (`keyed_hash.destination_key`); key_slot '' is FIRSTPARTY_HMAC_KEY, 'previous_<n>' the
  n-th key of FIRSTPARTY_HMAC_PREVIOUS_KEYS. Null in, null out.
- `firstparty_hmac_key_source()`: 'environment', 'demo', 'missing' or 'too_short'.
- `firstparty_hmac_fingerprint(key_slot)`: the tombstone key's fingerprint in that slot (not a secret).
- `firstparty_hmac_previous_key_count()`: how many previous keys are configured.
- `hmac_sha256(value, destination)`: the current key's hash, under the dbt-duckdb plugin's name (the
  governance unit tests' SQL fixtures call it to write tombstone hashes).
- `firstparty_jaro_winkler(text_a, text_b)`: DuckDB's jaro_winkler_similarity (firstparty.jaro_winkler), for
  macro spark__identity_jaro_winkler.
Without a usable key the hashing function raises the missing-key message, as on DuckDB.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sys
import time
from collections.abc import Sequence
from typing import Any

from firstparty import keyed_hash
from firstparty.jaro_winkler import jaro_winkler

PROFILE_NAME = "firstparty"
DEFAULT_TARGET = "spark"
HASH_FUNCTION = "firstparty_hmac_sha256"
# The same names as the DuckDB plugin's functions (firstparty.keyed_hash): the macros call them on both.
KEY_SOURCE_FUNCTION = keyed_hash.KEY_SOURCE_FUNCTION
FINGERPRINT_FUNCTION = keyed_hash.FINGERPRINT_FUNCTION
PREVIOUS_KEY_COUNT_FUNCTION = "firstparty_hmac_previous_key_count"
JARO_WINKLER_FUNCTION = "firstparty_jaro_winkler"
UNIT_TESTS_LAST = "--unit-tests-last"


def _target_from_args(args: Sequence[str]) -> str:
    for position, argument in enumerate(args):
        if argument in ("--target", "-t") and position + 1 < len(args):
            return args[position + 1]
        if argument.startswith("--target="):
            return argument.split("=", 1)[1]
    return DEFAULT_TARGET


def server_side_parameters(target: str = DEFAULT_TARGET, profiles_dir: str | None = None) -> dict[str, str]:
    """The target's server_side_parameters from profiles.yml, rendered as dbt renders them (env_var ...)."""
    import yaml
    from dbt.config.renderer import ProfileRenderer
    from dbt_common.context import set_invocation_context

    profiles_dir = profiles_dir or os.environ.get("DBT_PROFILES_DIR") or os.getcwd()
    with open(os.path.join(profiles_dir, "profiles.yml"), encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    output = raw[PROFILE_NAME]["outputs"][target]
    if output.get("type") != "spark" or output.get("method") != "session":
        raise SystemExit(f"firstparty.spark_build: target {target!r} is not a dbt-spark session target")
    set_invocation_context(os.environ)
    rendered = ProfileRenderer({}).render_data(output)
    parameters = {
        str(key): str(value) for key, value in (rendered.get("server_side_parameters") or {}).items()
    }
    # dbt-spark forces this on every session it opens (connections.py); the session opened here must match.
    parameters["spark.sql.ansi.enabled"] = "false"
    return parameters


def _keys() -> tuple[dict[str, bytes], str, str]:
    """Per-slot master keys, the key source and, when there is no usable key, its message."""
    try:
        master_key, source = keyed_hash.resolve_key()
        previous = keyed_hash.resolve_previous_keys()
    except keyed_hash.MissingHmacKeyError as error:
        problem = "too_short" if isinstance(error, keyed_hash.ShortHmacKeyError) else "missing"
        return {}, problem, str(error)
    return keyed_hash.key_slots(master_key, previous), source, ""


def register_functions(spark: Any) -> str:
    """Register the keyed-hash and Jaro-Winkler functions in a Spark session; returns the key source."""
    from pyspark.sql.types import DoubleType, IntegerType, StringType

    slots, source, message = _keys()
    # Only derived keys (one per destination and slot) go into the UDF's closure, never the master key.
    derived = {
        (slot, destination): keyed_hash.destination_key(key, destination)
        for slot, key in slots.items()
        for destination in keyed_hash.DESTINATIONS
    }
    fingerprints = {slot: keyed_hash.key_fingerprint(key) for slot, key in slots.items()}

    def hash_value(value: str | None, destination: str, key_slot: str | None) -> str | None:
        if message:
            raise keyed_hash.MissingHmacKeyError(message)
        if value is None:
            return None
        key = derived.get((key_slot or "", destination))
        if key is None:
            raise ValueError(f"firstparty: no HMAC key for destination {destination!r} slot {key_slot!r}")
        return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()

    def fingerprint(key_slot: str | None) -> str | None:
        return fingerprints.get(key_slot or "")

    spark.udf.register(HASH_FUNCTION, hash_value, StringType())
    spark.udf.register(KEY_SOURCE_FUNCTION, lambda: source, StringType())
    spark.udf.register(FINGERPRINT_FUNCTION, fingerprint, StringType())
    spark.udf.register(PREVIOUS_KEY_COUNT_FUNCTION, lambda: max(len(slots) - 1, 0), IntegerType())
    spark.udf.register(JARO_WINKLER_FUNCTION, jaro_winkler, DoubleType())
    # The plugin's name on DuckDB, which the governance unit tests' SQL fixtures call for tombstone hashes.
    spark.udf.register(
        keyed_hash.SQL_FUNCTION, lambda value, destination: hash_value(value, destination, ""), StringType()
    )
    if source == "demo":
        sys.stderr.write(keyed_hash.DEMO_WARNING)
    return source


def open_session(parameters: dict[str, str]) -> Any:
    """The Spark session dbt-spark will reuse (it calls getOrCreate with the same parameters)."""
    from pyspark.sql import SparkSession

    # Python UDFs run in worker processes: the same interpreter as dbt, so firstparty and its deps are there.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.enableHiveSupport()
    for key, value in parameters.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


# Python models: dbt-spark runs Python models only on Databricks clusters, so on a local session each one is
# run here, between dbt invocations: the model file's own model(dbt, session), with a stand-in `dbt` whose
# ref(name).fetchnumpy() reads the referenced Spark table as DuckDB's fetchnumpy() gives it, written as the
# Parquet table dbt would have made. Everything downstream then builds as usual.


def _columns(spark: Any, table: str) -> dict[str, Any]:
    """A table as {column: numpy array}, as DuckDB's fetchnumpy() gives it to the Python model."""
    import numpy as np
    import pyarrow as pa

    arrow = spark.table(table).toArrow()
    columns = {}
    for name in arrow.column_names:
        column = arrow.column(name)
        if pa.types.is_decimal(column.type):
            column = column.cast(pa.float64())
        columns[name] = np.asarray(column.to_numpy(zero_copy_only=False))
    return columns


class _Relation:
    def __init__(self, spark: Any, table: str) -> None:
        self.spark = spark
        self.table = table

    def fetchnumpy(self) -> dict[str, Any]:
        return _columns(self.spark, self.table)


class _Config(dict):
    def __call__(self, **kwargs: Any) -> None:
        """dbt.config(materialized=...) inside the model: nothing to do here."""

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key, default)


class _Dbt:
    def __init__(self, spark: Any, tables: dict[str, str], config: dict[str, Any]) -> None:
        self.spark = spark
        self.tables = tables
        self.config = _Config(config)

    def ref(self, name: str) -> _Relation:
        return _Relation(self.spark, self.tables[name])


def _table_name(node: dict) -> str:
    return f"{node['schema']}.{node.get('alias') or node['name']}"


def python_model_waves(manifest: dict) -> list[list[dict]]:
    """The project's Python models grouped by the dbt pass they follow, each wave in dependency order.

    Pass 0 is every SQL node that descends from no Python model. A Python model of wave k runs after pass k
    (all its SQL parents are built by then) and before pass k + 1, which builds what descends from wave k.
    """
    nodes = manifest["nodes"]
    python = {
        unique_id
        for unique_id, node in nodes.items()
        if node.get("resource_type") == "model"
        and node.get("language") == "python"
        and node.get("package_name") == PROFILE_NAME
    }
    levels: dict[str, int] = {}

    def level(unique_id: str) -> int:
        """A Python model's wave; a SQL node's pass."""
        if unique_id not in levels:
            parents = [
                p for p in nodes.get(unique_id, {}).get("depends_on", {}).get("nodes", []) if p in nodes
            ]
            found = 0
            for parent in parents:
                found = max(found, level(parent) + (1 if parent in python and unique_id not in python else 0))
            levels[unique_id] = found
        return levels[unique_id]

    waves: dict[int, list[str]] = {}
    for unique_id in python:
        waves.setdefault(level(unique_id), []).append(unique_id)

    def ordered(wave: list[str]) -> list[dict]:
        result: list[str] = []

        def visit(unique_id: str) -> None:
            if unique_id in result:
                return
            for parent in nodes[unique_id]["depends_on"]["nodes"]:
                if parent in wave:
                    visit(parent)
            result.append(unique_id)

        for unique_id in sorted(wave):
            visit(unique_id)
        return [nodes[unique_id] for unique_id in result]

    return [ordered(waves[number]) for number in sorted(waves)]


def run_python_model(spark: Any, manifest: dict, project_dir: str, node: dict) -> int:
    """One Python model of the project run on Spark, written as its Parquet table; returns its row count."""
    import importlib.util

    tables = {
        other["name"]: _table_name(other)
        for other in manifest["nodes"].values()
        if other.get("resource_type") in ("model", "seed") and other.get("package_name") == PROFILE_NAME
    }
    path = os.path.join(project_dir, node["original_file_path"])
    spec = importlib.util.spec_from_file_location(f"firstparty_python_model_{node['name']}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    table = module.model(_Dbt(spark, tables, node.get("config") or {}), spark)
    frame = spark.createDataFrame(table.to_pandas())
    frame.write.mode("overwrite").format("parquet").saveAsTable(_table_name(node))
    return table.num_rows


def _with_option(args: list[str], option: str, values: list[str]) -> list[str]:
    """args with `option values...` replacing any earlier values of that option."""
    result: list[str] = []
    skipping = False
    for argument in args:
        if argument == option:
            skipping = True
            continue
        if skipping and not argument.startswith("-"):
            continue
        skipping = False
        result.append(argument)
    return result + [option, *values]


def _option_values(args: list[str], option: str) -> list[str]:
    values: list[str] = []
    collecting = False
    for argument in args:
        if argument == option:
            collecting = True
            continue
        if collecting and not argument.startswith("-"):
            values.append(argument)
            continue
        collecting = False
    return values


def _target_path(args: list[str]) -> str:
    values = _option_values(args, "--target-path")
    return values[0] if values else os.environ.get("DBT_TARGET_PATH", "target")


def _selected_unique_ids(args: list[str]) -> set[str]:
    """What the invocation selects (dbt ls with its selection, target and vars); writes the manifest."""
    from dbt.cli.main import dbtRunner

    ls_args = ["ls", "--log-level", "none", "--output", "json", "--output-keys", "unique_id"]
    for option in (
        "--target",
        "-t",
        "--target-path",
        "--vars",
        "--profiles-dir",
        "--project-dir",
        "--selector",
    ):
        values = _option_values(args, option)
        if values:
            ls_args += [option, values[0]]
    for option in ("--select", "-s", "--exclude"):
        values = _option_values(args, option)
        if values:
            ls_args += [option, *values]
    result = dbtRunner().invoke(ls_args)
    if not result.success:
        raise SystemExit(f"firstparty.spark_build: dbt ls failed: {result.exception}")
    return {json.loads(line)["unique_id"] for line in result.result}


def _dbt_args(args: list[str], command: list[str]) -> list[str]:
    """`command` with the invocation's target, paths, vars and threads."""
    single = ("--target", "-t", "--target-path", "--vars", "--profiles-dir", "--project-dir", "--threads")
    for option in single:
        values = _option_values(args, option)
        if values:
            command = [*command, option, values[0]]
    return command


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        args = ["build", "--target", DEFAULT_TARGET]
    spark = open_session(server_side_parameters(_target_from_args(args)))
    register_functions(spark)
    from dbt.cli.main import dbtRunner

    # --unit-tests-last (make test-spark): the passes leave the unit tests out and a last `dbt test` runs
    # them all, so a unit test failing on Spark is reported without skipping every layer after its model.
    unit_tests_last = UNIT_TESTS_LAST in args
    args = [argument for argument in args if argument != UNIT_TESTS_LAST]
    if args[0] not in ("build", "run"):
        result = dbtRunner().invoke(args)
        return 0 if result.success else (2 if result.exception is not None else 1)
    if unit_tests_last and args[0] == "build":
        args = _with_option(
            args, "--exclude-resource-type", _option_values(args, "--exclude-resource-type") + ["unit_test"]
        )
    else:
        unit_tests_last = False

    # Pass 0: everything but the Python models and what depends on them. Then for each wave of Python
    # models: the models here, and a dbt pass over what depends on them but on no later wave (within the
    # selection given). run_results.json holds every pass and every model run here.
    target_path = _target_path(args)
    project_dir = (_option_values(args, "--project-dir") or ["."])[0]
    selected_ids = _selected_unique_ids(args)
    with open(os.path.join(target_path, "manifest.json"), encoding="utf-8") as handle:
        manifest = json.load(handle)
    waves = python_model_waves(manifest)
    python_names = [node["name"] for wave in waves for node in wave]
    selected = _option_values(args, "--select") or _option_values(args, "-s")
    excluded = _option_values(args, "--exclude")
    run_results_path = os.path.join(target_path, "run_results.json")
    results: list[dict] = []
    last_results: dict | None = None
    ok = True

    def dbt_pass(pass_args: list[str]) -> None:
        nonlocal ok, last_results
        if os.path.exists(run_results_path):
            os.remove(run_results_path)
        result = dbtRunner().invoke(pass_args)
        ok = ok and result.success
        if os.path.exists(run_results_path):
            with open(run_results_path, encoding="utf-8") as handle:
                last_results = json.load(handle)
            results.extend(last_results["results"])

    later = [f"{name}+" for name in python_names]
    dbt_pass(_with_option(args, "--exclude", excluded + later))
    for wave in waves:
        wave_names = [node["name"] for node in wave]
        for node in wave:
            if node["unique_id"] not in selected_ids:
                continue
            started = time.monotonic()
            try:
                rows = run_python_model(spark, manifest, project_dir, node)
                status, message = "success", f"run on Spark by firstparty.spark_build: {rows} rows"
            except Exception as error:  # reported in run_results, and the build fails
                ok = False
                status, message = "error", f"{type(error).__name__}: {error}"
            results.append(
                {
                    "unique_id": node["unique_id"],
                    "status": status,
                    "message": message,
                    "execution_time": round(time.monotonic() - started, 2),
                }
            )
            sys.stderr.write(f"firstparty.spark_build: {node['name']}: {status}: {message}\n")
        later = [name for name in later if name[:-1] not in wave_names]
        # What the selection holds downstream of this wave, whether or not the wave itself was selected.
        downstream = [f"{name}+" for name in wave_names]
        if selected:
            downstream = [f"{selector},{python}" for selector in selected for python in downstream]
        dbt_pass(
            _with_option(
                _with_option(args, "--select", downstream), "--exclude", excluded + later + python_names
            )
        )
        # The Python models' own data tests: excluding a model from a pass excludes its tests with it.
        ran_here = [node["name"] for node in wave if node["unique_id"] in selected_ids]
        if ran_here and args[0] == "build":
            dbt_pass(_dbt_args(args, ["test", "--exclude-resource-type", "unit_test", "--select", *ran_here]))
    if unit_tests_last:
        selection = []
        for option in ("--select", "-s", "--exclude"):
            values = _option_values(args, option)
            if values:
                selection += [option, *values]
        dbt_pass(_dbt_args(args, ["test", "--resource-type", "unit_test", *selection]))
    if last_results is not None:
        last_results["results"] = results
        with open(run_results_path, "w", encoding="utf-8") as handle:
            json.dump(last_results, handle, indent=1, default=str)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
