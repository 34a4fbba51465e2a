"""Run dbt on Spark (profile target `spark`, dbt-spark's session method) with the keyed hash registered.

    python -m firstparty.spark_build build --target spark [dbt arguments ...]

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
Without a usable key the hashing function raises the missing-key message, as on DuckDB.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sys
from collections.abc import Sequence
from typing import Any

from firstparty import keyed_hash

PROFILE_NAME = "firstparty"
DEFAULT_TARGET = "spark"
HASH_FUNCTION = "firstparty_hmac_sha256"
KEY_SOURCE_FUNCTION = "firstparty_hmac_key_source"
FINGERPRINT_FUNCTION = "firstparty_hmac_fingerprint"
PREVIOUS_KEY_COUNT_FUNCTION = "firstparty_hmac_previous_key_count"


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
    slots = {"": master_key}
    for number, key in enumerate(previous, start=1):
        slots[f"previous_{number}"] = key
    return slots, source, ""


def register_functions(spark: Any) -> str:
    """Register the keyed-hash functions in a Spark session; returns the key source."""
    from pyspark.sql.types import IntegerType, StringType

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
# run here, between two dbt invocations: the same fit the model's model() calls, on the tables it refs,
# written as the Parquet table dbt would have made. Everything downstream then builds as usual.
PYTHON_MODEL_SCHEMAS = {"int_identity__match_fitted_parameters": "identity"}


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


def run_identity_match_fit(spark: Any) -> int:
    """int_identity__match_fitted_parameters (models/identity/*.py) on Spark; returns its row count."""
    from firstparty.clv.tables import single_row
    from firstparty.linkage.tables import fit_table

    levels = _columns(spark, "identity.int_identity__match_levels")
    patterns = _columns(spark, "identity.int_identity__match_patterns")
    settings = single_row(_columns(spark, "identity.int_identity__match_settings"))
    table = fit_table(levels, patterns, int(settings["profile_record_count"]))
    frame = spark.createDataFrame(table.to_pandas())
    frame.write.mode("overwrite").format("parquet").saveAsTable(
        "identity.int_identity__match_fitted_parameters"
    )
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


def main(argv: Sequence[str] | None = None) -> int:
    import json

    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        args = ["build", "--target", DEFAULT_TARGET]
    spark = open_session(server_side_parameters(_target_from_args(args)))
    register_functions(spark)
    from dbt.cli.main import dbtRunner

    if args[0] not in ("build", "run"):
        result = dbtRunner().invoke(args)
        return 0 if result.success else (2 if result.exception is not None else 1)

    # 1. everything but the Python models and what depends on them; 2. the Python models here;
    # 3. what depends on them (within the selection given). run_results.json holds all three.
    python_models = list(PYTHON_MODEL_SCHEMAS)
    selected = _option_values(args, "--select") or _option_values(args, "-s")
    excluded = _option_values(args, "--exclude")
    target_path = _target_path(args)
    results: list[dict] = []
    ok = True

    first = _with_option(args, "--exclude", excluded + [f"{name}+" for name in python_models])
    result = dbtRunner().invoke(first)
    ok = ok and result.success
    run_results_path = os.path.join(target_path, "run_results.json")
    if os.path.exists(run_results_path):
        with open(run_results_path, encoding="utf-8") as handle:
            results.extend(json.load(handle)["results"])
    for name in python_models:
        try:
            rows = run_identity_match_fit(spark)
            results.append(
                {
                    "unique_id": f"model.firstparty.{name}",
                    "status": "success",
                    "message": f"fitted on Spark by firstparty.spark_build: {rows} rows",
                }
            )
        except Exception as error:  # reported in run_results, and the build fails
            ok = False
            results.append(
                {"unique_id": f"model.firstparty.{name}", "status": "error", "message": str(error)}
            )
    downstream = [f"{name}+" for name in python_models]
    if selected:
        downstream = [f"{selector},{python}" for selector in selected for python in downstream]
    third = _with_option(_with_option(args, "--select", downstream), "--exclude", excluded + python_models)
    result = dbtRunner().invoke(third)
    ok = ok and result.success
    if os.path.exists(run_results_path):
        with open(run_results_path, encoding="utf-8") as handle:
            third_results = json.load(handle)
        results.extend(third_results["results"])
        third_results["results"] = results
        with open(run_results_path, "w", encoding="utf-8") as handle:
            json.dump(third_results, handle, indent=1, default=str)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
