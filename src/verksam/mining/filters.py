"""Filters on a canonical log and its directly-follows graph, and Disco-style simplification.

Each filter takes a LazyFrame and returns one. Case filters keep or drop whole cases; event
filters drop events, which changes what directly follows what (as in Disco and PM4Py).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Literal

import polars as pl

from verksam.mining.analytics import cases, dfg, ordered, variants
from verksam.mining.log import ACTIVITY, CASE, TIMESTAMP

WindowMode = Literal["contained", "intersecting", "started", "completed", "trim"]


def _utc(moment: dt.datetime | dt.date, timezone: str) -> pl.Expr:
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time())
    if moment.tzinfo is None:
        local = pl.lit(moment, dtype=pl.Datetime("us")).dt.replace_time_zone(timezone)
        return local.dt.convert_time_zone("UTC")
    naive_utc = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return pl.lit(naive_utc, dtype=pl.Datetime("us")).dt.replace_time_zone("UTC")


def time_window(
    lf: pl.LazyFrame,
    start: dt.datetime | dt.date | None = None,
    end: dt.datetime | dt.date | None = None,
    mode: WindowMode = "contained",
    timezone: str = "UTC",
) -> pl.LazyFrame:
    """Keep what falls in [start, end): ``contained`` cases wholly inside, ``intersecting`` cases
    with any event inside, ``started``/``completed`` cases starting/ending inside, or ``trim``
    (keep only the events inside). Naive datetimes and dates are read in ``timezone``.
    """
    if start is None and end is None:
        return lf

    def inside(expr: pl.Expr) -> pl.Expr:
        cond = pl.lit(True)
        if start is not None:
            cond = cond & (expr >= _utc(start, timezone))
        if end is not None:
            cond = cond & (expr < _utc(end, timezone))
        return cond

    if mode == "trim":
        return lf.filter(inside(pl.col(TIMESTAMP)))
    first = pl.col(TIMESTAMP).min().over(CASE)
    last = pl.col(TIMESTAMP).max().over(CASE)
    if mode == "contained":
        return lf.filter(inside(first) & inside(last))
    if mode == "started":
        return lf.filter(inside(first))
    if mode == "completed":
        return lf.filter(inside(last))
    return lf.filter(inside(pl.col(TIMESTAMP)).any().over(CASE))


def top_variants(lf: pl.LazyFrame, k: int) -> pl.LazyFrame:
    """Keep the cases of the k most frequent variants (ties broken by the variant's sequence)."""
    top = variants(lf).head(k).select(pl.col("activities").list.join("\x1f").alias("__v"))
    keyed = (
        cases(lf)
        .select(CASE, pl.col("trace").list.eval(pl.element().cast(pl.String)).list.join("\x1f"))
        .rename({"trace": "__v"})
    )
    keep = keyed.join(top, on="__v", how="semi").select(CASE)
    return lf.join(keep, on=CASE, how="semi", maintain_order="left")


def min_activity_count(lf: pl.LazyFrame, n: int) -> pl.LazyFrame:
    """Drop the events of activities that occur fewer than n times in the log."""
    return lf.filter(pl.len().over(ACTIVITY) >= n)


def min_path_count(graph: pl.LazyFrame, n: int) -> pl.LazyFrame:
    """Keep the DFG edges (``source, target, count, ...``) that occur at least n times."""
    return graph.filter(pl.col("count") >= n)


def keep_activities(lf: pl.LazyFrame, share: float) -> pl.LazyFrame:
    """Keep the events of the most frequent activities: ``share`` (0..1] of them, at least one."""
    if share >= 1:
        return lf
    # Ties are broken by name: a group-by's row order varies from run to run, and two queries
    # over the same reduced log (a map's activities and its paths) must keep the same activities.
    counts = lf.group_by(ACTIVITY).agg(pl.len().alias("__n"))
    ranked = (
        counts.sort(["__n", pl.col(ACTIVITY).cast(pl.String)], descending=[True, False])
        .with_row_index("__rank", offset=1)
        .with_columns(pl.len().alias("__total"))
    )
    keep = ranked.filter(
        pl.col("__rank") <= (pl.col("__total") * share).ceil().clip(lower_bound=1)
    ).select(ACTIVITY)
    return lf.join(keep, on=ACTIVITY, how="semi", maintain_order="left")


def keep_paths(graph: pl.LazyFrame, share: float) -> pl.LazyFrame:
    """Keep the most frequent ``share`` of DFG edges, plus each activity's strongest incoming and
    outgoing edge, so that no activity on the map is left hanging."""
    if share >= 1:
        return graph
    rank = pl.col("count").rank("ordinal", descending=True)
    total = pl.len()
    return graph.filter(
        (rank <= (total * share).ceil().clip(lower_bound=1))
        | (rank.over("source") == 1)
        | (rank.over("target") == 1)
    )


def check_shares(activities: float, paths: float) -> None:
    """Raise ValueError unless both slider shares are in (0, 1]."""
    for name, share in (("activities", activities), ("paths", paths)):
        if not (0 < share <= 1) or math.isnan(share):
            raise ValueError(f"{name} must be a share in (0, 1], not {share}")


def simplify(
    lf: pl.LazyFrame, activities: float = 1.0, paths: float = 1.0
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """A readable map, the way Disco's two sliders make one: the log reduced to the most frequent
    activities, and the DFG of that log reduced to its most frequent paths.

    Returns
    -------
    (log, graph)
        The filtered log and its simplified directly-follows graph.

    Raises
    ------
    ValueError
        When a share is not in (0, 1].
    """
    check_shares(activities, paths)
    log = ordered(keep_activities(lf, activities))
    return log, keep_paths(dfg(log, is_ordered=True), paths)
