"""What the dashboard shows, as SQL on the public marts; no Streamlit here, so pytest can run it alone.

Every query reads only public marts (docs/marts.md) and only columns classified `pii: none`, except
`customer_id`, which appears only inside `count(distinct ...)`: the dashboard shows counts, shares and
distributions, never a person (`tests_py/test_dashboard.py` checks this against the manifest).

`load(path)` opens the DuckDB file read-only, runs every query and closes it before returning, so the
dashboard never holds a lock between page loads: pointed at the published copy it keeps working while
`dbt build` rewrites the project's own file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[3]
DB_ENV = "FIRSTPARTY_DASHBOARD_DB"

# The public marts the dashboard reads, by the name it uses for them; schema-qualified as dbt builds them
# (layer schemas are named as-is, README "Where this departs from the house style").
RELATIONS: dict[str, str] = {
    "dim_customers": "marts.dim_customers",
    "customer_rfm": "marts.customer_rfm",
    "customer_lifetime_value": "marts.customer_lifetime_value",
    "consent_state": "governance.consent_state",
    "audience_members": "marts.audience_members",
    "first_party_coverage": "marts.first_party_coverage",
    "governance_report": "governance.governance_report",
}

# One entry per figure on the page. Each reads one mart, named as {relation}; the key is the
# figure's name in the app and in the test.
QUERIES: dict[str, tuple[str, str]] = {
    "headline": (
        "dim_customers",
        """
        select
            count(*) as customer_count,
            count(*) filter (where lifecycle_stage <> 'prospect') as purchaser_count,
            coalesce(sum(net_revenue_amount), 0) as net_revenue_amount,
            coalesce(max(revenue_currency), '') as revenue_currency
        from {relation}
        """,
    ),
    "lifecycle": (
        "dim_customers",
        """
        select
            lifecycle_stage,
            count(*) as customer_count
        from {relation}
        group by lifecycle_stage
        order by lifecycle_stage
        """,
    ),
    "rfm_segments": (
        "customer_rfm",
        """
        select
            rfm_segment,
            count(*) as customer_count,
            coalesce(sum(net_revenue), 0) as net_revenue
        from {relation}
        group by rfm_segment
        order by customer_count desc, rfm_segment
        """,
    ),
    "clv_values": (
        "customer_lifetime_value",
        """
        select
            clv_status,
            discounted_clv,
            p_alive
        from {relation}
        """,
    ),
    "clv_summary": (
        "customer_lifetime_value",
        """
        select
            count(*) as scored_customer_count,
            coalesce(sum(discounted_clv), 0) as total_discounted_clv,
            median(discounted_clv) as median_discounted_clv,
            avg(p_alive) filter (where clv_status <> 'no_purchases') as mean_p_alive,
            coalesce(max(reporting_currency), '') as reporting_currency,
            max(clv_horizon) as clv_horizon,
            max(time_unit) as time_unit
        from {relation}
        """,
    ),
    "consent": (
        "consent_state",
        """
        select
            purpose,
            channel,
            count(distinct customer_id) filter (where status = 'granted') as granted_customer_count,
            count(distinct customer_id) as customer_count
        from {relation}
        group by purpose, channel
        order by purpose, channel
        """,
    ),
    "audiences": (
        "audience_members",
        """
        select
            audience_id,
            purpose,
            channel,
            count(distinct customer_id) as customer_count,
            count(*) as member_row_count
        from {relation}
        group by audience_id, purpose, channel
        order by audience_id, purpose, channel
        """,
    ),
    "coverage": (
        "first_party_coverage",
        """
        select
            channel,
            metric_name,
            coalesce(attribute_name, metric_name) as attribute_name,
            numerator_count,
            denominator_count,
            coverage_share
        from {relation}
        order by channel, metric_name, attribute_name
        """,
    ),
    "governance": (
        "governance_report",
        """
        select
            report_section,
            metric,
            count(*) as row_count,
            sum(metric_value) as metric_total
        from {relation}
        where report_section in ('quarantine', 'classification', 'privacy_requests')
        group by report_section, metric
        order by report_section, metric
        """,
    ),
}


PUBLISHED_DB = Path("published") / "current" / "firstparty.duckdb"


def default_db_path() -> Path:
    """FIRSTPARTY_DASHBOARD_DB, else the published copy `make build` swaps in after a green build (so
    the page stays live while dbt builds), else the build's own file."""
    chosen = os.environ.get(DB_ENV)
    if not chosen and (REPO_ROOT / PUBLISHED_DB).exists():
        chosen = str(PUBLISHED_DB)
    path = Path(chosen or os.environ.get("FIRSTPARTY_DUCKDB_PATH") or "firstparty.duckdb")
    return path if path.is_absolute() else REPO_ROOT / path


def sql_of(name: str) -> str:
    """The query `name` with its mart filled in."""
    model, template = QUERIES[name]
    return template.format(relation=RELATIONS[model])


@dataclass(frozen=True)
class Snapshot:
    """Everything on the page, read in one short read-only connection."""

    db_path: Path
    file_modified_at: datetime
    read_at: datetime
    frames: dict[str, pd.DataFrame]

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames[name]


class DatabaseUnavailable(RuntimeError):
    """The file is missing, or a writer (a running `dbt build`) holds it."""


def load(db_path: Path) -> Snapshot:
    """Run every query on `db_path` read-only; the connection is closed before this returns."""
    if not db_path.exists():
        raise DatabaseUnavailable(
            f"{db_path} does not exist: run `make build`, or pass --db / set {DB_ENV} to a built file"
        )
    modified_at = datetime.fromtimestamp(db_path.stat().st_mtime, tz=UTC)
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.IOException as error:
        raise DatabaseUnavailable(
            f"{db_path} cannot be opened read-only, most likely because a dbt build is writing it: "
            f"point the dashboard at the published copy (--db / {DB_ENV}). DuckDB said: {error}"
        ) from error
    frames = {}
    try:
        for name in QUERIES:
            try:
                frames[name] = con.execute(sql_of(name)).df()
            except duckdb.CatalogException as error:
                raise DatabaseUnavailable(
                    f"{db_path} lacks a mart the dashboard reads ({RELATIONS[QUERIES[name][0]]}): "
                    f"build the project (`make build`) into it. DuckDB said: {error}"
                ) from error
    finally:
        con.close()
    return Snapshot(
        db_path=db_path, file_modified_at=modified_at, read_at=datetime.now(tz=UTC), frames=frames
    )
