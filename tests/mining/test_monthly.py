"""Monthly series for indicators: cases started, mean lead time and the share within a service
declaration per month, checked against a hand computation on a small log and against a plain-Python
count over a real log."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest

from verksam.mining import ReadOptions, scan_log
from verksam.mining.monthly import month_end, monthly_series
from verksam.model import ServiceDeclaration

SMALL = """case,activity,timestamp
a,Receive,2026-01-05T08:00:00Z
a,Decide,2026-01-07T08:00:00Z
b,Receive,2026-01-20T10:00:00Z
b,Check,2026-01-20T22:00:00Z
b,Decide,2026-01-21T10:00:00Z
c,Receive,2026-02-02T09:00:00Z
c,Decide,2026-02-06T09:00:00Z
d,Receive,2026-03-31T12:00:00Z
d,Decide,2026-04-02T00:00:00Z
"""


def test_a_small_log_gives_the_hand_computed_series(tmp_path: Path) -> None:
    log = tmp_path / "small.csv"
    log.write_text(SMALL, encoding="utf-8")
    promise = ServiceDeclaration.model_validate(
        {"id": "two-days", "promise": {"start": "Receive", "end": "Decide", "limit": 2,
                                       "unit": "calendar-days", "target_share": 0.9}}
    )  # fmt: skip
    series = monthly_series(scan_log(log, ReadOptions()), [promise], timezone="UTC")
    # January: a (2 days) and b (1 day) started; February: c (4 days); March: d (1.5 days)
    assert [(p["date"], p["value"], p["cases"]) for p in series["volume"]] == [
        ("2026-01-31", 2.0, 2), ("2026-02-28", 1.0, 1), ("2026-03-31", 1.0, 1),
    ]  # fmt: skip
    assert [(p["date"], p["value"]) for p in series["lead_time"]] == [
        ("2026-01-31", pytest.approx(1.5)), ("2026-02-28", pytest.approx(4.0)),
        ("2026-03-31", pytest.approx(1.5)),
    ]  # fmt: skip
    # a and b kept the two days, c did not, d did
    assert [(p["date"], p["value"]) for p in series["services"]["two-days"]] == [
        ("2026-01-31", 100.0), ("2026-02-28", 0.0), ("2026-03-31", 100.0),
    ]  # fmt: skip


def test_a_case_counts_in_the_local_month_it_started() -> None:
    import polars as pl

    from verksam.mining.log import ACTIVITY, CASE, TIMESTAMP

    # 23:30 UTC on 31 January is 00:30 on 1 February in Stockholm
    lf = pl.LazyFrame({
        CASE: ["x", "x"], ACTIVITY: ["Start", "End"],
        TIMESTAMP: [dt.datetime(2026, 1, 31, 23, 30, tzinfo=dt.UTC),
                    dt.datetime(2026, 2, 1, 23, 30, tzinfo=dt.UTC)],
    }).with_columns(pl.col(CASE).cast(pl.Categorical), pl.col(ACTIVITY).cast(pl.Categorical),
                    pl.col(TIMESTAMP).cast(pl.Datetime("us", "UTC")))  # fmt: skip
    assert [p["date"] for p in monthly_series(lf, [], timezone="UTC")["volume"]] == ["2026-01-31"]
    stockholm = monthly_series(lf, [], timezone="Europe/Stockholm")["volume"]
    assert [p["date"] for p in stockholm] == ["2026-02-28"]


def test_month_end_knows_leap_years() -> None:
    assert month_end("2028-02") == dt.date(2028, 2, 29) and month_end("2026-12") == dt.date(
        2026, 12, 31
    )


def test_a_real_log_agrees_with_a_plain_count_of_its_cases(shared_data: Path) -> None:
    """BPI receipt log (pm4py's copy): every case's first and last event read with the csv module,
    grouped by the UTC month of the first; the series must give the same counts and means."""
    path = shared_data / "pm4py" / "receipt.csv"
    first: dict[str, dt.datetime] = {}
    last: dict[str, dt.datetime] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            when = dt.datetime.fromisoformat(row["time:timestamp"])
            case = row["case:concept:name"]
            first[case] = min(first.get(case, when), when)
            last[case] = max(last.get(case, when), when)
    by_month: dict[str, list[float]] = defaultdict(list)
    for case, start in first.items():
        month = start.astimezone(dt.UTC).strftime("%Y-%m")
        by_month[month].append((last[case] - start).total_seconds() / 86400)
    series = monthly_series(scan_log(path, ReadOptions()), [], timezone="UTC")
    assert sum(p["cases"] for p in series["volume"]) == len(first) == 1434
    assert [p["date"] for p in series["volume"]] == [
        month_end(m).isoformat() for m in sorted(by_month)
    ]
    for volume, lead, month in zip(
        series["volume"], series["lead_time"], sorted(by_month), strict=True
    ):
        assert volume["value"] == len(by_month[month])
        assert lead["value"] == pytest.approx(sum(by_month[month]) / len(by_month[month]))
