"""The marketer's dashboard (Streamlit): customers, segments, lifetime value, consent, audiences, health.

Started by `make dashboard` (`python -m firstparty.dashboard`); the script arguments after `--` are
`--db PATH` (default: env FIRSTPARTY_DASHBOARD_DB, else the project's built file). Every figure comes
from `queries.py`; each headline number sits in a container with a stable key (CSS class
`st-key-<key>`) that the browser test reads.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from firstparty.dashboard import queries

LIFECYCLE_ORDER = ["prospect", "new", "active", "lapsed"]


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="firstparty dashboard")
    parser.add_argument("--db", type=Path, default=None, help=f"DuckDB file to read (env {queries.DB_ENV})")
    return parser.parse_args(argv)


@st.cache_data(ttl=30, show_spinner=False)
def cached_snapshot(db_path: str, modified_ns: int) -> queries.Snapshot:
    """One read per file version: a new build (a new modification time) or 30 seconds read it again."""
    del modified_ns  # part of the cache key only
    return queries.load(Path(db_path))


@st.cache_resource
def last_read() -> dict[str, queries.Snapshot]:
    """The last data read from each file, shared by every browser session of this server."""
    return {}


def snapshot(db_path: Path) -> queries.Snapshot:
    """The current data, or the last data read with a warning when the file cannot be opened now."""
    try:
        modified_ns = db_path.stat().st_mtime_ns if db_path.exists() else 0
        current = cached_snapshot(str(db_path), modified_ns)
    except queries.DatabaseUnavailable as error:
        previous = last_read().get(str(db_path))
        if previous is None:
            st.error(str(error))
            st.stop()
        st.warning(f"Showing the data read at {previous.read_at:%Y-%m-%d %H:%M:%S} UTC. {error}")
        return previous
    last_read()[str(db_path)] = current
    return current


def kpi(key: str, label: str, value: str, help_text: str | None = None) -> None:
    with st.container(key=f"kpi_{key}"):
        st.metric(label, value, help=help_text)


def missing(number: float | None) -> bool:
    """No value: an empty mart gives null sums, medians and means."""
    return number is None or pd.isna(number)


def whole(number: float | None) -> str:
    return "-" if missing(number) else f"{int(round(number)):,}"


def money(amount: float | None, currency: str) -> str:
    return "-" if missing(amount) else f"{currency} {amount:,.0f}".strip()


def share(part: float, total: float) -> str:
    return f"{(part / total if total else 0):.1%}"


def bar(frame: pd.DataFrame, category: str, value: str, title: str, order: list[str] | None = None) -> None:
    chart = (
        alt.Chart(frame, title=title)
        .mark_bar()
        .encode(
            x=alt.X(f"{value}:Q", title="customers"),
            y=alt.Y(f"{category}:N", title=None, sort=order or "-x"),
            tooltip=[category, value],
        )
    )
    st.altair_chart(chart, use_container_width=True)


def customers_section(data: queries.Snapshot) -> None:
    st.header("Customers and segments")
    headline = data["headline"].iloc[0]
    columns = st.columns(3)
    with columns[0]:
        kpi("customers", "Customers", whole(headline.customer_count), "rows of dim_customers")
    with columns[1]:
        kpi(
            "purchasers",
            "Customers who bought",
            whole(headline.purchaser_count),
            "lifecycle stage not prospect",
        )
    with columns[2]:
        kpi("net_revenue", "Net revenue", money(headline.net_revenue_amount, headline.revenue_currency))
    left, right = st.columns(2)
    with left:
        bar(data["lifecycle"], "lifecycle_stage", "customer_count", "Lifecycle stage", LIFECYCLE_ORDER)
    with right:
        bar(data["rfm_segments"], "rfm_segment", "customer_count", "RFM segment (customers who bought)")


def lifetime_value_section(data: queries.Snapshot) -> None:
    st.header("Customer lifetime value")
    summary = data["clv_summary"].iloc[0]
    columns = st.columns(3)
    with columns[0]:
        kpi(
            "total_clv",
            "Predicted value, all customers",
            money(summary.total_discounted_clv, summary.reporting_currency),
            f"discounted CLV over {summary.clv_horizon} {summary.time_unit}s",
        )
    with columns[1]:
        kpi("median_clv", "Median CLV", money(summary.median_discounted_clv, summary.reporting_currency))
    with columns[2]:
        kpi(
            "mean_p_alive",
            "Mean P(alive), buyers",
            "-" if missing(summary.mean_p_alive) else f"{summary.mean_p_alive:.2f}",
        )
    values = data["clv_values"]
    buyers = values[values.clv_status != "no_purchases"]
    left, right = st.columns(2)
    with left:
        chart = (
            alt.Chart(buyers, title="Discounted CLV per customer who bought")
            .mark_bar()
            .encode(
                x=alt.X(
                    "discounted_clv:Q", bin=alt.Bin(maxbins=40), title=f"CLV ({summary.reporting_currency})"
                ),
                y=alt.Y("count():Q", title="customers"),
                color=alt.Color("clv_status:N", title="status"),
            )
        )
        st.altair_chart(chart, use_container_width=True)
    with right:
        chart = (
            alt.Chart(buyers, title="P(alive) of customers who bought")
            .mark_bar()
            .encode(
                x=alt.X("p_alive:Q", bin=alt.Bin(step=0.05), title="P(alive)"),
                y=alt.Y("count():Q", title="customers"),
            )
        )
        st.altair_chart(chart, use_container_width=True)


def consent_section(data: queries.Snapshot) -> None:
    st.header("Consent by purpose and channel")
    consent = data["consent"].assign(
        granted_share=lambda frame: (
            frame.granted_customer_count / frame.customer_count.where(frame.customer_count > 0)
        )
    )
    chart = (
        alt.Chart(consent, title="Share of customers with a granted consent")
        .mark_rect()
        .encode(
            x=alt.X("channel:N", title="channel"),
            y=alt.Y("purpose:N", title="purpose"),
            color=alt.Color("granted_share:Q", title="granted", scale=alt.Scale(domain=[0, 1])),
            tooltip=["purpose", "channel", "granted_customer_count", "customer_count"],
        )
    )
    text = chart.mark_text(baseline="middle").encode(
        text=alt.Text("granted_share:Q", format=".0%"), color=alt.value("black")
    )
    st.altair_chart(chart + text, use_container_width=True)
    table = pd.DataFrame(
        {
            "purpose": consent.purpose,
            "channel": consent.channel,
            "granted customers": consent.granted_customer_count.map(whole),
            "customers asked": consent.customer_count.map(whole),
            "granted share": [
                share(g, t)
                for g, t in zip(consent.granted_customer_count, consent.customer_count, strict=True)
            ],
        }
    )
    with st.container(key="consent_table"):
        st.table(table)


def audiences_section(data: queries.Snapshot) -> None:
    st.header("Audience sizes")
    audiences = data["audiences"]
    columns = st.columns(max(len(audiences), 1))
    for column, row in zip(columns, audiences.itertuples(), strict=False):
        with column:
            kpi(
                f"audience_{row.audience_id}_{row.channel}",
                f"{row.audience_id} ({row.channel})",
                whole(row.customer_count),
                f"purpose {row.purpose}; consented customers",
            )
    bar(audiences, "audience_id", "customer_count", "Consented customers per audience")


def data_health_section(data: queries.Snapshot) -> None:
    st.header("Data health")
    governance = data["governance"]

    def total(section: str, metric: str | None = None) -> float:
        rows = governance[governance.report_section == section]
        if metric is not None:
            rows = rows[rows.metric == metric]
        return float(rows.metric_total.fillna(0).sum())

    columns = st.columns(3)
    with columns[0]:
        kpi("quarantined_rows", "Quarantined rows", whole(total("quarantine", "quarantined_rows")))
    with columns[1]:
        kpi(
            "unclassified_columns",
            "Unclassified columns",
            whole(total("classification", "unclassified_columns")),
            "must be 0",
        )
    with columns[2]:
        kpi(
            "unhonoured_requests",
            "Privacy requests not honoured",
            whole(total("privacy_requests", "unhonoured_request")),
            "requests staging could not read, handled by hand (governance_report)",
        )
    coverage = data["coverage"]
    chart = (
        alt.Chart(coverage, title="First-party coverage per channel")
        .mark_rect()
        .encode(
            x=alt.X("attribute_name:N", title=None),
            y=alt.Y("channel:N", title="channel"),
            color=alt.Color("coverage_share:Q", title="share", scale=alt.Scale(domain=[0, 1])),
            tooltip=["channel", "metric_name", "attribute_name", "numerator_count", "denominator_count"],
        )
    )
    text = chart.mark_text(baseline="middle").encode(
        text=alt.Text("coverage_share:Q", format=".0%"), color=alt.value("black")
    )
    st.altair_chart(chart + text, use_container_width=True)


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    db_path = (args.db or queries.default_db_path()).resolve()
    st.set_page_config(page_title="firstparty dashboard", layout="wide")
    st.title("firstparty")
    data = snapshot(db_path)
    st.caption(
        f"Reading {data.db_path} (file written {data.file_modified_at:%Y-%m-%d %H:%M:%S} UTC, "
        f"read {data.read_at:%Y-%m-%d %H:%M:%S} UTC). Counts only: no person is shown."
    )
    customers_section(data)
    lifetime_value_section(data)
    consent_section(data)
    audiences_section(data)
    data_health_section(data)


main(sys.argv[1:])
