"""The whole picture of a log in one pass: what `verksam mine LOG --json` prints.

The log is sorted once (by case, completion time and file position) and every result is derived
from that one sorted frame. The keys of the returned dictionary are stable; docs/mining.md lists
them.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import polars as pl

from verksam.mining import analytics
from verksam.mining.log import (
    ACTIVITY,
    CASE,
    INDEX,
    RESOURCE,
    START,
    TIMESTAMP,
    ReadOptions,
    collect,
)


def _number(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def records(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dictionaries (categoricals as text, times ISO 8601, NaN as null)."""
    out = []
    for row in frame.iter_rows(named=True):
        out.append({k: _number(v) for k, v in row.items()})
    return out


def _keyed(frame: pl.DataFrame, key: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for row in records(frame):
        name = str(row.pop(key))
        result[name] = row if len(row) > 1 else next(iter(row.values()))
    return result


def _ends(per_case: pl.LazyFrame, which: str) -> pl.LazyFrame:
    """Start (``first``) or end (``last``) activities from the per-case traces."""
    trace = pl.col("trace")
    first = trace.list.first() if which == "first" else trace.list.last()
    return (
        per_case.group_by(first.alias(ACTIVITY))
        .agg(pl.len().cast(pl.Int64).alias("count"))
        .sort([pl.col("count"), pl.col(ACTIVITY).cast(pl.String)], descending=[True, False])
    )


def prepare(
    lf: pl.LazyFrame,
    path: str | Path | None = None,
    options: ReadOptions | None = None,
    *,
    resources: bool = True,
) -> pl.DataFrame:
    """The log sorted once, with only the columns the summary reads (streaming engine); without
    ``resources`` the resource column is left out too (it only serves handoffs). The file
    position is kept only where `problems` may need it to name rows.

    Raises
    ------
    LogError
        When a timestamp does not parse (rows named when ``path`` is given).
    """
    names = lf.collect_schema().names()
    wanted = [CASE, ACTIVITY, TIMESTAMP, START]
    if resources:
        wanted += [RESOURCE, *analytics.ROLE_COLUMNS]
    if START in names:
        wanted.append(INDEX)  # names the rows of events that end before they start
    keep = [c for c in wanted if c in names]
    return collect(analytics.ordered(lf.select(keep)), path, options)


def summarise(
    lf: pl.LazyFrame,
    *,
    timezone: str = "UTC",
    units: dict[str, str] | None = None,
    sorted_frame: pl.DataFrame | None = None,
    extended: bool = True,
) -> dict[str, Any]:
    """Counts, DFG, variants, durations and (``extended``) activity statistics, throughput per week,
    rework and handoffs of a canonical log.

    ``units`` maps resources to units for the handoffs between units. ``sorted_frame`` is the
    result of `prepare` when the caller already has it.
    """
    frame = sorted_frame if sorted_frame is not None else prepare(lf)
    s = frame.lazy()
    names = frame.columns
    per_case = analytics.cases(s, is_ordered=True).collect().lazy()  # shared by two results
    queries: dict[str, pl.LazyFrame] = {
        "dfg": analytics.dfg(s, is_ordered=True),
        "start": _ends(per_case, "first"),
        "end": _ends(per_case, "last"),
        "variants": analytics.variants_of(per_case),
        "durations": analytics.duration_stats(per_case),
        "activities": analytics.activity_stats(s, per_case),
        "span": s.select(
            pl.len().alias("events"),
            pl.col(CASE).to_physical().n_unique().alias("cases"),
            pl.col(TIMESTAMP).min().alias("first"),
            pl.col(TIMESTAMP).max().alias("last"),
        ),
    }
    if extended:
        queries["throughput"] = analytics.throughput(s, "1w", timezone, is_ordered=True)
        queries["rework"] = analytics.rework(s)
        if RESOURCE in names:
            queries["resource_handoffs"] = analytics.handoffs(s, RESOURCE, is_ordered=True)
            if units:
                queries["unit_handoffs"] = analytics.handoffs(
                    analytics.with_units(s, units), "unit", is_ordered=True
                )
    results = dict(zip(queries, pl.collect_all(list(queries.values())), strict=True))
    span = results["span"].row(0, named=True)
    summary: dict[str, Any] = {
        "events": span["events"],
        "cases": span["cases"],
        "first_event": _number(span["first"]),
        "last_event": _number(span["last"]),
        "has_start_timestamps": START in names,
        "activities": _keyed(results["activities"], "activity"),
        "start_activities": _keyed(results["start"], "activity"),
        "end_activities": _keyed(results["end"], "activity"),
        "dfg": records(results["dfg"]),
        "variants": records(results["variants"]),
        "case_duration_seconds": records(results["durations"])[0],
    }
    if extended:
        summary["throughput_per_week"] = records(results["throughput"].rename({"period": "week"}))
        summary["rework"] = records(results["rework"])
        handoffs: dict[str, Any] = {}
        if "resource_handoffs" in results:
            handoffs["resources"] = records(results["resource_handoffs"])
        if "unit_handoffs" in results:
            handoffs["units"] = records(results["unit_handoffs"])
        summary["handoffs"] = handoffs
    return summary
