"""Tiny hand-made event logs for the mining tests."""

from __future__ import annotations

import datetime as dt

import polars as pl

from verksam.mining.log import canonical

T0 = dt.datetime(2024, 3, 4, 8, 0)  # a Monday


def make_log(rows: list[tuple[str, str, int]], **extra: list[object]) -> pl.LazyFrame:
    """Canonical log from (case, activity, minutes after T0) rows, in the given file order."""
    data: dict[str, list[object]] = {
        "case": [r[0] for r in rows],
        "activity": [r[1] for r in rows],
        "timestamp": [T0 + dt.timedelta(minutes=r[2]) for r in rows],
        **extra,
    }
    frame = pl.DataFrame(data, schema_overrides={"timestamp": pl.Datetime("us")})
    return canonical(frame.lazy())
