#!/usr/bin/env bash
# make test-postgres (docs/postgres.md): a throwaway PostgreSQL cluster, the demo built on it with every test,
# the Python models' fits as steps between dbt builds, then tests_py/test_postgres.py; the cluster is
# stopped and deleted at the end, whatever happened. Prints the time of each phase.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${BIN:-.venv/bin}"
export PYTHON_BIN="$BIN/python"
export FIRSTPARTY_PG_PORT="${FIRSTPARTY_PG_PORT:-55432}"
# A random key for this throwaway database unless one is set, so the pytest that greps target/ and logs
# for the key looks for a real secret, not the public demo key.
if [ -z "${FIRSTPARTY_HMAC_KEY:-}" ]; then
    FIRSTPARTY_HMAC_KEY=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(36))')
    export FIRSTPARTY_HMAC_KEY
fi
TARGET_PATH=target/pg
LOG_PATH=logs/pg
DBT=("$BIN/dbt" --no-use-colors)
# The Python models run as a step between dbt builds (docs/postgres.md): the identity fit feeds the marts, and
# the lifetime-value fits read the marts, so three builds with a step between each two.
IDENTITY_FIT=int_identity__match_fitted_parameters
CLV_FITS=int_lifetime_value__fitted_parameters,int_lifetime_value__group_scores,int_lifetime_value__group_horizon_scores
rm -rf "$TARGET_PATH" "$LOG_PATH"
scripts/postgres_cluster.sh stop >/dev/null 2>&1 || true
trap 'scripts/postgres_cluster.sh stop' EXIT
phase() { echo "test-postgres: $1 $(( $(date +%s) - started )) s" >&2; }
started=$(date +%s)
scripts/postgres_cluster.sh start
phase "cluster up after"
built=$(date +%s)
pg_dbt() { "${DBT[@]}" build --target postgres --target-path "$TARGET_PATH" --log-path "$LOG_PATH" "$@"; }
fit() { "$BIN/python" -m firstparty.postgres_python_models --manifest "$TARGET_PATH/manifest.json" --models "$1"; }
pg_dbt --exclude "$IDENTITY_FIT+" "int_lifetime_value__fitted_parameters+"
fit "$IDENTITY_FIT"
pg_dbt --select "$IDENTITY_FIT+" --exclude "int_lifetime_value__fitted_parameters+"
fit "$CLV_FITS"
pg_dbt --select "int_lifetime_value__fitted_parameters+"
echo "test-postgres: the three dbt builds and the two fit steps took $(( $(date +%s) - built )) s" >&2
FIRSTPARTY_PG_REQUIRED=1 FIRSTPARTY_PG_TARGET_PATH="$TARGET_PATH" FIRSTPARTY_PG_LOG_PATH="$LOG_PATH" \
    "$BIN/python" -m pytest -q tests_py/test_postgres.py
phase "done after"
