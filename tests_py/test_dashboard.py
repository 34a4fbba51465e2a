"""The marketer's dashboard in a real browser, and what its queries may read.

The browser cases start `python -m firstparty.dashboard` on a free port over a copy of the database
`make test` built, load it in headless Chromium (Debian's chromium and chromium-driver, installed by
scripts/ensure_chromium.sh, which `make test` runs), wait for every chart, compare the numbers shown
with SQL written here on the marts, check the server holds no lock on the file once the page is
shown, and save a screenshot to target/dashboard.png (set FIRSTPARTY_UPDATE_SCREENSHOT=1 to write the
one README shows, docs/dashboard.png, instead: a test run leaves the tree clean). Under CI (env CI
set) a missing browser fails these cases; elsewhere it skips them, naming the script to run.

The query case needs only target/manifest.json: every dashboard query reads public marts and only
columns classified `pii: none`, except customer keys inside count(...).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from project import REPO_ROOT, built_db_path, manifest

from firstparty.dashboard import queries

SCREENSHOT = (
    REPO_ROOT
    / ("docs" if os.environ.get("FIRSTPARTY_UPDATE_SCREENSHOT") == "1" else "target")
    / "dashboard.png"
)
CHART_COUNT = 7  # lifecycle, RFM, CLV, P(alive), consent, audiences, coverage
COUNTED_ONLY = {"customer_key"}  # privacy classes a query may read inside count(...) and nowhere else


# --------------------------------------------------------------------------- what the queries may read


def _walk(
    node: Any, in_count: bool, found: list[tuple[str, bool]], tables: list[str], aliases: set[str]
) -> None:
    if isinstance(node, dict):
        if node.get("alias"):
            aliases.add(node["alias"])
        if node.get("class") == "COLUMN_REF":
            found.append((node["column_names"][-1], in_count))
        if node.get("type") == "BASE_TABLE":
            tables.append(f"{node['schema_name']}.{node['table_name']}")
        counted = in_count or (node.get("class") == "FUNCTION" and node.get("function_name") == "count")
        for value in node.values():
            _walk(value, counted, found, tables, aliases)
    elif isinstance(node, list):
        for value in node:
            _walk(value, in_count, found, tables, aliases)


def _public_marts() -> dict[str, dict[str, str]]:
    """schema.name of every public model -> its columns' privacy classes."""
    marts = {}
    for node in manifest()["nodes"].values():
        if node["resource_type"] == "model" and node.get("access") == "public":
            marts[f"{node['schema']}.{node['name']}"] = {
                name: (column.get("meta") or column.get("config", {}).get("meta") or {}).get("pii", "")
                for name, column in node["columns"].items()
            }
    return marts


def check_query(name: str, sql: str, marts: dict[str, dict[str, str]]) -> None:
    """Fail unless `sql` reads one public mart and no column with a privacy class outside count(...)."""
    with duckdb.connect() as con:
        tree = json.loads(con.execute("select json_serialize_sql(?)", [sql]).fetchone()[0])
    assert not tree.get("error"), f"{name}: {tree.get('error_message')}"
    columns: list[tuple[str, bool]] = []
    tables: list[str] = []
    aliases: set[str] = set()
    _walk(tree["statements"], False, columns, tables, aliases)
    assert len(set(tables)) == 1, f"{name} reads {sorted(set(tables))}: one mart per query"
    relation = tables[0]
    assert relation in marts, f"{name} reads {relation}, which is not a public model"
    for column, in_count in columns:
        pii = marts[relation].get(column)
        if pii is None and column in aliases:
            continue  # an output column named in order by
        assert pii is not None, f"{name} reads {relation}.{column}, which the model does not document"
        allowed = pii == "none" or (in_count and pii in COUNTED_ONLY)
        assert allowed, f"{name} reads {relation}.{column} (pii: {pii}); the dashboard shows no person"


def test_the_dashboard_reads_public_marts_and_no_personal_column() -> None:
    marts = _public_marts()
    for name in queries.QUERIES:
        check_query(name, queries.sql_of(name), marts)


def test_the_exposure_names_the_marts_the_dashboard_reads() -> None:
    exposure = manifest()["exposures"]["exposure.firstparty.marketing_dashboard"]
    read = {f"model.firstparty.{model}" for model in queries.RELATIONS}
    assert set(exposure["depends_on"]["nodes"]) == read


@pytest.mark.parametrize(
    "sql",
    [
        "select email, count(*) as n from marts.dim_customers group by email",
        "select customer_id, discounted_clv from marts.customer_lifetime_value",
        "select count(*) as n from marts.int_customers__purchases",
    ],
)
def test_the_query_check_catches_personal_columns_and_private_models(sql: str) -> None:
    with pytest.raises(AssertionError):
        check_query("bad", sql, _public_marts())


# --------------------------------------------------------------------------- in a browser


def _require(*programs: str) -> str:
    """The first of `programs` on PATH; fails under CI (env CI), skips elsewhere, when none is."""
    path = next((found for found in map(shutil.which, programs) if found), None)
    if path is None:
        message = (
            f"{' or '.join(programs)} is not on PATH: run scripts/ensure_chromium.sh (`make test` does) "
            "to install Debian's chromium and chromium-driver"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, server: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the dashboard exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"the dashboard did not answer on {url} within {timeout} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built file, so the lock check below never touches the one `make test` built."""
    copy = tmp_path_factory.mktemp("dashboard") / "published.duckdb"
    shutil.copyfile(built_db_path(), copy)
    return copy


@pytest.fixture(scope="module")
def page(database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    chromium = _require("chromium", "chromium-browser", "google-chrome")
    chromedriver = _require("chromedriver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("dashboard_log") / "server.log"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    with log.open("wb") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "firstparty.dashboard", "--db", str(database), "--port", str(port)],
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=REPO_ROOT,
        )
    driver = None
    try:
        _wait_healthy(url, server, log)
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for argument in (
            "--headless=new",
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--window-size=1400,1000",
        ):
            options.add_argument(argument)
        driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
        driver.get(url)
        _wait_for_charts(driver)
        yield driver
    finally:
        if driver is not None:
            driver.quit()
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_for_charts(driver: Any, timeout: float = 60, allow_alert: bool = False) -> None:
    """Every chart drawn (a canvas or svg of non-zero size) and the script finished running; an error
    or a warning on the page fails, unless `allow_alert` (then only an exception fails)."""
    from selenium.webdriver.support.ui import WebDriverWait

    drawn = """
        const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
        const ready = charts.filter(chart => [...chart.querySelectorAll('canvas, svg.marks')]
            .some(mark => mark.getBoundingClientRect().width > 0 && mark.getBoundingClientRect().height > 0));
        const running = document.querySelector('[data-testid="stStatusWidget"]');
        return {charts: charts.length, ready: ready.length, running: running !== null,
                errors: [...document.querySelectorAll(arguments[0])].map(element => element.innerText)};
    """
    errors = '[data-testid="stException"]' + ("" if allow_alert else ', [data-testid="stAlert"]')
    state: dict[str, Any] = {}

    def done(driver: Any) -> bool:
        state.update(driver.execute_script(drawn, errors))
        if state["errors"]:
            raise AssertionError(f"the dashboard shows an error: {state['errors']}")
        return state["ready"] >= CHART_COUNT and not state["running"]

    try:
        WebDriverWait(driver, timeout, poll_frequency=0.25).until(done)
    except Exception as error:
        raise AssertionError(f"charts not drawn within {timeout} s: {state}") from error


def _kpi(driver: Any, key: str) -> str:
    from selenium.webdriver.common.by import By

    element = driver.find_element(By.CSS_SELECTOR, f'.st-key-kpi_{key} [data-testid="stMetricValue"]')
    return element.text.strip()


def _number(text: str) -> float:
    return float(text.split()[-1].replace(",", ""))


def _scalar(database: Path, sql: str) -> Any:
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def _rows(database: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.slow
def test_the_dashboard_draws_every_chart(page: Any) -> None:
    count = page.execute_script(
        "return document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]').length"
    )
    assert count == CHART_COUNT


@pytest.mark.slow
def test_the_headline_numbers_match_the_marts(page: Any, database: Path) -> None:
    assert _number(_kpi(page, "customers")) == _scalar(database, "select count(*) from marts.dim_customers")
    assert _number(_kpi(page, "purchasers")) == _scalar(
        database, "select count(*) from marts.dim_customers where order_count + store_purchase_count > 0"
    )
    revenue = _scalar(database, "select sum(net_revenue_amount) from marts.dim_customers")
    assert _number(_kpi(page, "net_revenue")) == round(revenue)
    clv = _scalar(database, "select sum(discounted_clv) from marts.customer_lifetime_value")
    assert _number(_kpi(page, "total_clv")) == round(clv)
    quarantined = _scalar(database, "select count(*) from governance.quarantined_rows")
    assert _number(_kpi(page, "quarantined_rows")) == quarantined
    assert _number(_kpi(page, "unclassified_columns")) == 0


@pytest.mark.slow
def test_audience_sizes_match_audience_members(page: Any, database: Path) -> None:
    expected = _rows(
        database,
        "select audience_id, channel, count(distinct customer_id) from marts.audience_members group by all",
    )
    assert expected, "the demo builds no audience member: nothing to compare"
    for audience_id, channel, customers in expected:
        assert _number(_kpi(page, f"audience_{audience_id}_{channel}")) == customers, (audience_id, channel)


@pytest.mark.slow
def test_consent_shares_match_consent_state(page: Any, database: Path) -> None:
    from selenium.webdriver.common.by import By

    shown = {}
    for row in page.find_elements(By.CSS_SELECTOR, ".st-key-consent_table table tbody tr"):
        cells = [cell.text.strip() for cell in row.find_elements(By.CSS_SELECTOR, "td")]
        shown[(cells[0], cells[1])] = (_number(cells[2]), _number(cells[3]))
    expected = {
        (purpose, channel): (granted, total)
        for purpose, channel, granted, total in _rows(
            database,
            """
            select purpose, channel,
                count(distinct case when status = 'granted' then customer_id end),
                count(distinct customer_id)
            from governance.consent_state group by all
            """,
        )
    }
    assert shown == expected


@pytest.mark.slow
def test_the_server_holds_no_lock_once_the_page_is_shown(page: Any, database: Path) -> None:
    """A writer (as `dbt build` is) can open the file while the dashboard is up."""
    con = duckdb.connect(str(database))
    con.close()


@pytest.mark.slow
def test_the_screenshot_readme_shows(page: Any) -> None:
    height = page.execute_script(
        "const main = document.querySelector('[data-testid=\"stMain\"]') || document.body;"
        "return Math.max(main.scrollHeight, document.body.scrollHeight);"
    )
    page.set_window_size(1400, min(int(height) + 120, 6000))
    _wait_for_charts(page)
    SCREENSHOT.parent.mkdir(exist_ok=True)
    assert page.save_screenshot(str(SCREENSHOT)), f"could not write {SCREENSHOT}"
    assert SCREENSHOT.stat().st_size > 20_000


@pytest.mark.slow
def test_a_file_being_written_shows_the_last_numbers_read(page: Any, database: Path) -> None:
    """While a writer holds the file (as `dbt build` holds its own), a reload keeps the last numbers."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    customers = _kpi(page, "customers")
    writer = duckdb.connect(str(database))
    try:
        writer.execute("create or replace table main.dashboard_test_write as select 1 as written")
        writer.execute("checkpoint")
        page.refresh()
        alert = WebDriverWait(page, 30, poll_frequency=0.25).until(
            lambda driver: next(
                (
                    element.text
                    for element in driver.find_elements(By.CSS_SELECTOR, '[data-testid="stAlert"]')
                    if "Showing the data read at" in element.text
                ),
                None,
            )
        )
        assert "cannot be opened read-only" in alert
        _wait_for_charts(page, allow_alert=True)
        assert _kpi(page, "customers") == customers
    finally:
        writer.close()
