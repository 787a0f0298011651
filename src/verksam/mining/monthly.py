"""Monthly series of a log for indicators over time: how many cases started each month (volume),
their mean lead time in days, and the share of them that kept a service declaration's promise.

A case belongs to the month in which it started, in the case country's local time (as for the
service declarations in `verksam.mining.services`); its lead time runs from its first event to its
last completion (as `analytics.cases` measures it). Each month's point is dated on the month's last
day. Everything is a column query grouped on the month; no Python loop runs over events or cases.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

import polars as pl

from verksam.mining import analytics
from verksam.mining.services import check_declaration
from verksam.model import ServiceDeclaration

DAY_SECONDS = 86400.0


def month_end(month: str) -> dt.date:
    """The last day of a month written ``YYYY-MM``."""
    year, number = int(month[:4]), int(month[5:7])
    return dt.date(year, number, calendar.monthrange(year, number)[1])


def _points(frame: pl.DataFrame, value: str) -> list[dict[str, Any]]:
    """``[{date, value, cases}]`` from a frame with ``month``, ``cases`` and the value column."""
    return [
        {"date": month_end(month).isoformat(), "value": amount, "cases": cases}
        for month, amount, cases in frame.select("month", value, "cases").iter_rows()
    ]


def volume_and_lead_time(
    lf: pl.LazyFrame, *, timezone: str = "UTC", is_ordered: bool = False
) -> dict[str, list[dict[str, Any]]]:
    """``volume`` (cases started per month) and ``lead_time`` (their mean lead time in days)."""
    per_case = analytics.cases(lf, is_ordered=is_ordered)
    month = pl.col("start").dt.convert_time_zone(timezone).dt.strftime("%Y-%m").alias("month")
    frame = (
        per_case.group_by(month)
        .agg(
            pl.len().cast(pl.Int64).alias("cases"),
            (pl.col("duration_seconds").mean() / DAY_SECONDS).alias("lead_days"),
        )
        .sort("month")
        .collect()
    )
    return {
        "volume": _points(frame.with_columns(pl.col("cases").cast(pl.Float64).alias("n")), "n"),
        "lead_time": _points(frame, "lead_days"),
    }


def service_share(
    lf: pl.LazyFrame,
    declaration: ServiceDeclaration,
    activities: dict[str, list[str]] | None = None,
    *,
    country: str = "SE",
    timezone: str | None = None,
) -> list[dict[str, Any]]:
    """The share of the cases started each month that kept the promise, in percent."""
    checked = check_declaration(lf, declaration, activities, country=country, timezone=timezone)
    return [
        {"date": month_end(row["month"]).isoformat(), "value": 100.0 * row["share"],
         "cases": row["cases"]}
        for row in checked["per_month"]
    ]  # fmt: skip


def monthly_series(
    lf: pl.LazyFrame,
    declarations: list[ServiceDeclaration],
    activities: dict[str, list[str]] | None = None,
    *,
    country: str = "SE",
    timezone: str = "UTC",
    is_ordered: bool = False,
) -> dict[str, Any]:
    """Every monthly series of a log: ``volume``, ``lead_time`` and, per declaration with a
    measurable promise, ``services[id]``."""
    result: dict[str, Any] = volume_and_lead_time(lf, timezone=timezone, is_ordered=is_ordered)
    result["services"] = {
        d.id: service_share(lf, d, activities, country=country, timezone=timezone)
        for d in declarations
        if d.promise is not None
    }
    return result
