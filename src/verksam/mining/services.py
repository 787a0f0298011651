"""Service declarations checked on a log: the share of cases that kept each promise, per month.

A service declaration (serviceförklaring / tjenesteerklæring) promises citizens something
measurable, such as "a decision within 10 working days after a complete application". For each
case the clock starts at the first event of the promise's start activity (or the case's first
event) and stops at the first event of its end activity at or after that (or the case's last
event). A promise whose start or end node never occurs in the log (a start event the system does
not record, say) falls back to the case's first or last event, and the result says which rule
each end of the clock used. Working days skip weekends and the public holidays of the case's country (Sweden or
Norway, from the ``holidays`` package): a case started on a Friday and finished on the Tuesday
after took 2 working days (Friday and Monday). Months are those of the start, in local time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import holidays as holiday_calendars
import polars as pl

from verksam.mining import analytics
from verksam.mining.log import ACTIVITY, CASE, TIMESTAMP
from verksam.model import ServiceDeclaration

TIMEZONES = {"SE": "Europe/Stockholm", "NO": "Europe/Oslo"}


def public_holidays(country: str, first: int, last: int) -> list[dt.date]:
    """Public holidays (weekdays and weekends) of SE or NO in the years first..last."""
    days = holiday_calendars.country_holidays(country, years=range(first, last + 1))
    return sorted(days.keys())


def elapsed(
    lf: pl.LazyFrame,
    start: list[str] | None,
    end: list[str] | None,
    unit: str,
    *,
    country: str = "SE",
    timezone: str | None = None,
    is_ordered: bool = False,
) -> pl.LazyFrame:
    """Per case: ``case, start, end, elapsed`` in the unit (``working-days``, ``calendar-days``
    or ``hours``). ``start``/``end`` are the log activities that start and stop the clock (None:
    the case's first/last event). Cases that never reach the start have no row; cases that
    started but never reached the end have an empty ``end`` and ``elapsed``.
    """
    lf = lf if is_ordered else analytics.ordered(lf)
    zone = timezone or TIMEZONES.get(country, "UTC")
    act = pl.col(ACTIVITY).cast(pl.String)
    if start is None:
        begin = lf.group_by(CASE).agg(pl.col(TIMESTAMP).min().alias("start"))
    else:
        begin = (
            lf.filter(act.is_in(start)).group_by(CASE).agg(pl.col(TIMESTAMP).min().alias("start"))
        )
    after = lf.join(begin, on=CASE, how="inner").filter(pl.col(TIMESTAMP) >= pl.col("start"))
    if end is None:
        finish = after.group_by(CASE).agg(pl.col(TIMESTAMP).max().alias("end"))
    else:
        finish = (
            after.filter(act.is_in(end)).group_by(CASE).agg(pl.col(TIMESTAMP).min().alias("end"))
        )
    clock = begin.join(finish, on=CASE, how="left")
    seconds = analytics.to_seconds(pl.col("end") - pl.col("start"))
    if unit == "hours":
        amount = seconds / 3600.0
    elif unit == "calendar-days":
        amount = seconds / 86400.0
    elif unit == "working-days":
        years = (
            clock.select(
                pl.col("start").dt.year().min().alias("a"), pl.col("end").dt.year().max().alias("b")
            )
            .collect()
            .row(0)
        )
        # No measured case: no years, and no holidays are needed.
        first, last = years[0], years[1] or years[0]
        days = public_holidays(country, first, last + 1) if first is not None else []
        local = [pl.col(c).dt.convert_time_zone(zone).dt.date() for c in ("start", "end")]
        amount = pl.business_day_count(local[0], local[1], holidays=days).cast(pl.Float64)
    else:
        raise ValueError(f"unknown unit {unit!r}: use working-days, calendar-days or hours")
    return clock.with_columns(amount.alias("elapsed"))


def check_declaration(
    lf: pl.LazyFrame,
    declaration: ServiceDeclaration,
    activities: dict[str, list[str]] | None = None,
    *,
    country: str = "SE",
    timezone: str | None = None,
    worst: int = 10,
) -> dict[str, Any]:
    """Whether a declaration's promise was kept: overall and per month, with the worst cases.

    ``activities`` maps the promise's start/end node ids to the log activities that stand for
    them (by default the id itself). Returns a JSON-ready dictionary with ``declaration``,
    ``limit``, ``unit``, ``target_share``, ``cases`` (measured), ``kept``, ``share``, ``met``,
    ``open`` (started, not finished), ``per_month``, ``worst_cases``, and ``start_rule`` /
    ``end_rule`` (``activity`` with ``start_activities`` / ``end_activities``, or
    ``first-event`` / ``last-event`` when the promise names no node or its node is not in the
    log).

    Raises
    ------
    ValueError
        When the declaration has no measurable promise.
    """
    promise = declaration.promise
    if promise is None:
        raise ValueError(f"service declaration {declaration.id!r} has no measurable promise")
    activities = activities or {}

    present = set(
        lf.select(pl.col(ACTIVITY).cast(pl.String).unique()).collect().to_series().to_list()
    )

    def names(node: str | None) -> list[str] | None:
        """The log activities standing for a node; None (first/last event) when none occurs."""
        if node is None:
            return None
        found = [a for a in activities.get(node, [node]) if a in present]
        return found or None

    start, end = names(promise.start), names(promise.end)
    zone = timezone or TIMEZONES.get(country, "UTC")
    clock = elapsed(lf, start, end, promise.unit, country=country, timezone=zone)
    kept = pl.col("elapsed") <= promise.limit
    done = clock.filter(pl.col("elapsed").is_not_null())
    month = pl.col("start").dt.convert_time_zone(zone).dt.strftime("%Y-%m")
    per_month, totals, worst_cases, open_cases = pl.collect_all(
        [
            done.group_by(month.alias("month"))
            .agg(pl.len().cast(pl.Int64).alias("cases"), kept.sum().cast(pl.Int64).alias("kept"))
            .with_columns((pl.col("kept") / pl.col("cases")).alias("share"))
            .sort("month"),
            done.select(
                pl.len().cast(pl.Int64).alias("cases"), kept.sum().cast(pl.Int64).alias("kept")
            ),
            done.sort("elapsed", descending=True)
            .head(worst)
            .select(pl.col(CASE).cast(pl.String), "start", "end", "elapsed"),
            clock.filter(pl.col("end").is_null()).select(pl.len().alias("open")),
        ]
    )
    n, n_kept = totals.row(0)
    share = n_kept / n if n else None
    return {
        "declaration": declaration.id,
        "name": declaration.label,
        "promise": declaration.promise_text,
        "start": promise.start,
        "end": promise.end,
        "limit": promise.limit,
        "unit": promise.unit,
        "target_share": promise.target_share,
        "start_rule": "activity" if start else "first-event",
        "start_activities": start or [],
        "end_rule": "activity" if end else "last-event",
        "end_activities": end or [],
        "cases": n,
        "kept": n_kept,
        "share": share,
        "met": share is not None and share >= promise.target_share,
        "open": open_cases.item(),
        "per_month": per_month.to_dicts(),
        "worst_cases": [
            {**row, "start": row["start"].isoformat(), "end": row["end"].isoformat()}
            for row in worst_cases.to_dicts()
        ],
    }
