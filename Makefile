# firstparty: two commands, `make build` and `make test`. Both set up .venv once, then reuse it.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

# No telemetry: there is no network, and the project sends nothing anywhere.
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DO_NOT_TRACK := 1
export DBT_PROFILES_DIR := $(CURDIR)
# Identifiers are hashed with HMAC-SHA256 keyed from FIRSTPARTY_HMAC_KEY. The demo opts into the public demo
# key, which is used only when no key is set (a loud warning says so); see README "Secrets".
export FIRSTPARTY_DEMO_HMAC_KEY := 1
TEST_DB := target/test.duckdb
# make lint and make test: sqlfluff lints and pytest runs test files in this many processes (the CI machine
# has 2 cores; each process is single-threaded most of the time)
JOBS ?= 2
# make bench: persons generated and the generator's seed
PERSONS ?= 100000
SEED ?= 7

.PHONY: build test lint pytest seeds evaluate benchmark bench mutations clean

$(STAMP):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "make: $(PYTHON) not found; set PYTHON=/path/to/python3.11" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

## build: install once, then dbt build (seeds, models, tests) into firstparty.duckdb
build: $(STAMP)
	$(BIN)/dbt build --target dev

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
## build alone leaves a core idle), both must pass; then pytest
test: $(STAMP)
	$(BIN)/ruff check $(RUFF_PATHS)
	$(BIN)/ruff format --check $(RUFF_PATHS)
	rm -f $(TEST_DB) $(TEST_DB).wal
	$(SQLFLUFF) & linted=$$!; \
	FIRSTPARTY_DUCKDB_PATH=$(TEST_DB) $(BIN)/dbt build --target test; built=$$?; \
	wait $$linted; linted=$$?; \
	if [ $$linted -ne 0 ]; then echo "make test: sqlfluff lint failed" >&2; fi; \
	if [ $$built -ne 0 ]; then echo "make test: dbt build failed" >&2; fi; \
	[ $$linted -eq 0 ] && [ $$built -eq 0 ]
	FIRSTPARTY_DUCKDB_PATH=$(TEST_DB) $(BIN)/python -m pytest -n $(JOBS) --dist loadfile --no-loadscope-reorder

## evaluate: build identity and what it reads into firstparty.duckdb, then score it against the answer key
evaluate: $(STAMP)
	$(BIN)/dbt build --target dev --select +path:models/identity --indirect-selection cautious
	$(BIN)/python -m firstparty.evaluate --answer-key evaluation/answer_key.csv

## mutations: remove each governance rule (mutations/governance.yml) in a copy and check its tests fail; not in CI (slow)
mutations: $(STAMP)
	$(BIN)/python -m firstparty.mutations --jobs 2

## bench: scale benchmark (issue 10): generate PERSONS persons, full build of day 1, incremental build of day 2,
## dbt overhead against the same SQL run directly; prints a table, writes target/bench/<persons>-<seed>/; slow
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_scale.py --persons $(PERSONS) --seed $(SEED)

## seeds: regenerate the demo seeds from the committed seed (identical bytes)
seeds: $(STAMP)
	$(BIN)/python -m firstparty.generate --demo

clean:
	rm -rf target logs dbt_packages firstparty.duckdb firstparty.duckdb.wal
