"""Process analytics as Polars lazy queries over a canonical log (see `verksam.mining.log`).

Every function takes a LazyFrame and returns one, with no Python loop over events. All of them
order events the same way: by case, then completion time, then position in the file, so events
with equal times keep their file order. The *directly-follows graph* (DFG) counts how often one
activity is directly followed by another in the same case; a *variant* is the sequence of
activities of a case, and cases with the same sequence share the variant.
"""

from __future__ import annotations

import polars as pl

from verksam.mining.log import ACTIVITY, CASE, RESOURCE, START, TIMESTAMP

SECONDS = 1_000_000.0  # microseconds per second: durations are Datetime("us") differences


def _has(lf: pl.LazyFrame, column: str) -> bool:
    return column in lf.collect_schema().names()


def to_seconds(expr: pl.Expr) -> pl.Expr:
    """A duration expression in seconds (float)."""
    return expr.dt.total_microseconds() / SECONDS


def ordered(lf: pl.LazyFrame) -> pl.LazyFrame:
    """The log sorted by case, completion time and row order (the one order used throughout).

    The frame's row order is taken as file order (logs from `scan_log` are in file order). One
    sort on a single 64-bit key (case code, then the ordinal rank of the time, which breaks ties by
    row order) is much faster than a sort on three columns.
    """
    key = pl.col(CASE).to_physical().cast(pl.UInt64) * (1 << 32) + pl.col(TIMESTAMP).rank(
        "ordinal"
    ).cast(pl.UInt64)
    return lf.sort(key)


def steps(lf: pl.LazyFrame, *, is_ordered: bool = False) -> pl.LazyFrame:
    """Each event with its successor in the case: ``next_activity``, ``wait_seconds``, ``first``.

    ``wait_seconds`` is the time from this event's completion to the next event's start (or its
    completion when the log has no start times), never negative: overlapping activities wait 0.
    ``first``/``last`` mark each case's first and last event.
    """
    lf = lf if is_ordered else ordered(lf)
    case = pl.col(CASE).to_physical()
    same_next = case.shift(-1) == case
    nxt_start = pl.col(START).shift(-1) if _has(lf, START) else pl.col(TIMESTAMP).shift(-1)
    arrive = pl.coalesce(nxt_start, pl.col(TIMESTAMP).shift(-1))
    wait = pl.max_horizontal(arrive, pl.col(TIMESTAMP)) - pl.col(TIMESTAMP)
    return lf.with_columns(
        pl.when(same_next).then(pl.col(ACTIVITY).shift(-1)).alias("next_activity"),
        pl.when(same_next).then(to_seconds(wait)).alias("wait_seconds"),
        (case.shift(1) != case).fill_null(True).alias("first"),
        same_next.not_().fill_null(True).alias("last"),
    )


def dfg(lf: pl.LazyFrame, *, is_ordered: bool = False) -> pl.LazyFrame:
    """Directly-follows graph: ``source, target, count, mean_seconds, median_seconds, p90_seconds``.

    Sorted by count (descending), then source and target.
    """
    wait = pl.col("wait_seconds")
    # Group on one integer key made of the two activity codes: hashing it is cheaper than
    # hashing two categorical columns, and the median/p90 sorts dominate anyway.
    edge = pl.col(ACTIVITY).to_physical().cast(pl.UInt64) * (1 << 32) + pl.col(
        "next_activity"
    ).to_physical().cast(pl.UInt64)
    return (
        steps(lf, is_ordered=is_ordered)
        .filter(pl.col("next_activity").is_not_null())
        .group_by(edge.alias("__edge"))
        .agg(
            pl.col(ACTIVITY).first().alias("source"),
            pl.col("next_activity").first().alias("target"),
            pl.len().alias("count"),
            wait.mean().alias("mean_seconds"),
            wait.median().alias("median_seconds"),
            wait.quantile(0.9, "linear").alias("p90_seconds"),
        )
        .drop("__edge")
        .with_columns(pl.col("count").cast(pl.Int64))
        .sort(
            [pl.col("count"), pl.col("source").cast(pl.String), pl.col("target").cast(pl.String)],
            descending=[True, False, False],
        )
    )


def _end_counts(lf: pl.LazyFrame, flag: str, is_ordered: bool) -> pl.LazyFrame:
    return (
        steps(lf, is_ordered=is_ordered)
        .filter(pl.col(flag))
        .group_by(ACTIVITY)
        .agg(pl.len().cast(pl.Int64).alias("count"))
        .sort([pl.col("count"), pl.col(ACTIVITY).cast(pl.String)], descending=[True, False])
    )


def start_activities(lf: pl.LazyFrame, *, is_ordered: bool = False) -> pl.LazyFrame:
    """How many cases begin with each activity: ``activity, count``."""
    return _end_counts(lf, "first", is_ordered)


def end_activities(lf: pl.LazyFrame, *, is_ordered: bool = False) -> pl.LazyFrame:
    """How many cases end with each activity: ``activity, count``."""
    return _end_counts(lf, "last", is_ordered)


def activity_stats(lf: pl.LazyFrame, per_case: pl.LazyFrame | None = None) -> pl.LazyFrame:
    """Per activity: ``events, cases, resources`` and, with start times, service time in seconds.

    ``per_case`` (the result of `cases`) lets the case counts come from the traces, which is
    cheaper than counting distinct cases per activity over all events.
    """
    aggs = [pl.len().cast(pl.Int64).alias("events")]
    if per_case is None:
        aggs.append(pl.col(CASE).to_physical().n_unique().cast(pl.Int64).alias("cases"))
    if _has(lf, RESOURCE):
        resources = pl.col(RESOURCE).to_physical().drop_nulls().n_unique().cast(pl.Int64)
        aggs.append(resources.alias("resources"))
    if _has(lf, START):
        service = to_seconds(pl.col(TIMESTAMP) - pl.col(START))
        aggs += [
            service.mean().alias("mean_service_seconds"),
            service.median().alias("median_service_seconds"),
        ]
    stats = lf.group_by(ACTIVITY).agg(aggs)
    if per_case is not None:
        seen = (
            per_case.select(pl.col("trace").list.unique().alias(ACTIVITY))
            .explode(ACTIVITY)
            .group_by(ACTIVITY)
            .agg(pl.len().cast(pl.Int64).alias("cases"))
        )
        stats = stats.join(seen, on=ACTIVITY, how="left").select(
            ACTIVITY, "events", "cases", *[a.meta.output_name() for a in aggs[1:]]
        )
    return stats.sort(
        [pl.col("events"), pl.col(ACTIVITY).cast(pl.String)], descending=[True, False]
    )


def cases(lf: pl.LazyFrame, *, is_ordered: bool = False) -> pl.LazyFrame:
    """One row per case: ``case, events, start, end, duration_seconds, trace`` (activity list).

    The case starts at its first event's start time (or completion time when the log has no start
    times) and ends at its last completion.
    """
    lf = lf if is_ordered else ordered(lf)
    first_time = pl.col(START).min() if _has(lf, START) else pl.col(TIMESTAMP).first()
    begin = pl.min_horizontal(first_time, pl.col(TIMESTAMP).first())
    # The ordered log has each case's events together with ascending codes: grouping on the
    # code flagged as sorted takes Polars' fast path for sorted keys instead of hashing.
    code = pl.col(CASE).to_physical().set_sorted().alias("__code")
    return (
        lf.group_by(code)
        .agg(
            pl.col(CASE).first(),
            pl.len().cast(pl.Int64).alias("events"),
            begin.alias("start"),
            pl.col(TIMESTAMP).last().alias("end"),
            pl.col(ACTIVITY).alias("trace"),
        )
        .drop("__code")
        .with_columns(to_seconds(pl.col("end") - pl.col("start")).alias("duration_seconds"))
    )


def case_durations(lf: pl.LazyFrame, *, is_ordered: bool = False) -> pl.LazyFrame:
    """``case, duration_seconds`` per case."""
    return cases(lf, is_ordered=is_ordered).select(CASE, "duration_seconds")


def duration_stats(durations: pl.LazyFrame, column: str = "duration_seconds") -> pl.LazyFrame:
    """One row: ``mean, median, p90, max`` of a duration column (null for no rows)."""
    col = pl.col(column)
    return durations.select(
        col.mean().alias("mean"),
        col.median().alias("median"),
        col.quantile(0.9, "linear").alias("p90"),
        col.max().cast(pl.Float64).alias("max"),
    )


def variants(lf: pl.LazyFrame, *, is_ordered: bool = False) -> pl.LazyFrame:
    """Variants: ``activities`` (list), ``count``, ``share`` of cases, ``mean_duration_seconds``.

    Sorted by count (descending); equal counts by their activity sequence.
    """
    return variants_of(cases(lf, is_ordered=is_ordered))


def variants_of(per_case: pl.LazyFrame) -> pl.LazyFrame:
    """`variants` from the per-case table of `cases` (when the caller already has it)."""
    # Group by the activities' integer codes, which hashes faster than their names.
    codes = pl.col("trace").list.eval(pl.element().to_physical()).alias("__codes")
    return (
        per_case.group_by(codes)
        .agg(
            pl.col("trace").first().alias("activities"),
            pl.len().cast(pl.Int64).alias("count"),
            pl.col("duration_seconds").mean().alias("mean_duration_seconds"),
        )
        .with_columns(
            (pl.col("count") / pl.col("count").sum()).alias("share"),
            pl.col("activities").list.eval(pl.element().cast(pl.String)).alias("activities"),
        )
        .sort(["count", "activities"], descending=[True, False])
        .select("activities", "count", "share", "mean_duration_seconds")
    )


def with_variant(lf: pl.LazyFrame, *, is_ordered: bool = False) -> pl.LazyFrame:
    """``case, variant`` where variant is the activity sequence joined by `` → ``."""
    return cases(lf, is_ordered=is_ordered).select(
        CASE,
        pl.col("trace").list.eval(pl.element().cast(pl.String)).list.join(" → ").alias("variant"),
    )


def throughput(
    lf: pl.LazyFrame, every: str = "1w", timezone: str = "UTC", *, is_ordered: bool = False
) -> pl.LazyFrame:
    """Cases started and closed per period (weeks from Monday by default): ``period, started, closed``.

    Periods are cut in ``timezone``, so a Monday 00:30 in Stockholm counts to that week.
    """
    per_case = cases(lf, is_ordered=is_ordered)

    def count(column: str, name: str) -> pl.LazyFrame:
        period = pl.col(column).dt.convert_time_zone(timezone).dt.truncate(every).dt.date()
        return per_case.group_by(period.alias("period")).agg(pl.len().cast(pl.Int64).alias(name))

    return (
        count("start", "started")
        .join(count("end", "closed"), on="period", how="full", coalesce=True)
        .with_columns(pl.col("started").fill_null(0), pl.col("closed").fill_null(0))
        .sort("period")
    )


def rework(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Repeated activities: ``activity, cases`` (with a repeat), ``repeats`` (extra executions).

    Sorted by repeats (descending).
    """
    return (
        lf.group_by(CASE, ACTIVITY)
        .agg(pl.len().alias("n"))
        .filter(pl.col("n") > 1)
        .group_by(ACTIVITY)
        .agg(
            pl.len().cast(pl.Int64).alias("cases"),
            (pl.col("n") - 1).sum().cast(pl.Int64).alias("repeats"),
        )
        .sort([pl.col("repeats"), pl.col(ACTIVITY).cast(pl.String)], descending=[True, False])
    )


def handoffs(lf: pl.LazyFrame, by: str = RESOURCE, *, is_ordered: bool = False) -> pl.LazyFrame:
    """Work passed on within cases: ``source, target, count, mean_seconds, cases``.

    ``by`` is the column whose change counts as a handoff (``resource``, or ``unit`` after
    `with_units`). Consecutive events with the same value, or with a value missing, are no handoff.
    """
    lf = lf if is_ordered else ordered(lf)
    case = pl.col(CASE).to_physical()
    same_next = case.shift(-1) == case
    who = pl.col(by).cast(pl.String)
    nxt = who.shift(-1)
    return (
        lf.select(
            pl.col(CASE),
            who.alias("source"),
            pl.when(same_next).then(nxt).alias("target"),
            to_seconds(pl.col(TIMESTAMP).shift(-1) - pl.col(TIMESTAMP)).alias("seconds"),
        )
        .filter(
            pl.col("target").is_not_null()
            & pl.col("source").is_not_null()
            & (pl.col("source") != pl.col("target"))
        )
        .group_by("source", "target")
        .agg(
            pl.len().cast(pl.Int64).alias("count"),
            pl.col("seconds").mean().alias("mean_seconds"),
            pl.col(CASE).n_unique().cast(pl.Int64).alias("cases"),
        )
        .sort(["count", "source", "target"], descending=[True, False, False])
    )


ROLE_COLUMNS = ("org:role", "role")  # XES org:role, or a plain role column (simulated logs)


def with_units(lf: pl.LazyFrame, units: dict[str, str]) -> pl.LazyFrame:
    """Add a ``unit`` column from a mapping of resources (or roles) to units.

    The resource is looked up first; where it is not in the mapping, the event's role
    (``org:role`` or ``role`` column, when the log has one) is. Events matching neither get none.
    """
    names = lf.collect_schema().names()
    lookups = [
        pl.col(column).cast(pl.String).replace_strict(units, default=None, return_dtype=pl.String)
        for column in (RESOURCE, *ROLE_COLUMNS)
        if column in names
    ]
    unit = pl.coalesce(lookups) if lookups else pl.lit(None, dtype=pl.String)
    return lf.with_columns(unit.alias("unit"))
