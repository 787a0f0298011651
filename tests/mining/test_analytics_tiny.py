"""Analytics on tiny hand-made logs, lazily and eagerly: empty log, one event, equal timestamps."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from mining_logs import make_log

from verksam.mining import analytics
from verksam.mining.log import canonical

# Three cases; c2 has two events at the same minute (file order must decide) and a rework loop.
ROWS = [
    ("c1", "register", 0),
    ("c1", "check", 60),
    ("c1", "decide", 180),
    ("c2", "register", 10),
    ("c2", "check", 70),
    ("c2", "decide", 70),
    ("c2", "check", 130),
    ("c2", "decide", 250),
    ("c3", "register", 20),
    ("c3", "check", 80),
    ("c3", "decide", 200),
]


def shuffled() -> pl.LazyFrame:
    # Same events, file order changed between cases but kept within c2's tie.
    order = [8, 3, 0, 4, 9, 1, 5, 6, 2, 10, 7]
    return make_log([ROWS[i] for i in order])


def test_dfg_counts_and_waits(as_frame):
    graph = analytics.dfg(as_frame(make_log(ROWS))).collect()
    got = {(r["source"], r["target"]): r for r in graph.iter_rows(named=True)}
    assert set(got) == {("register", "check"), ("check", "decide"), ("decide", "check")}
    assert got[("register", "check")]["count"] == 3
    assert got[("check", "decide")]["count"] == 4
    assert got[("decide", "check")]["count"] == 1
    # check→decide waits: 120 min (c1), 0 (c2 tie), 120 (c2), 120 (c3) → mean 90, median 120
    assert got[("check", "decide")]["mean_seconds"] == pytest.approx(90 * 60)
    assert got[("check", "decide")]["median_seconds"] == pytest.approx(120 * 60)
    assert graph["count"].to_list() == sorted(graph["count"].to_list(), reverse=True)


def test_equal_timestamps_keep_file_order(as_frame):
    # In c2, check and decide share 70 min; the file lists check first.
    variants = analytics.variants(as_frame(shuffled())).collect()
    sequences = {
        tuple(v): n for v, n in zip(variants["activities"], variants["count"], strict=True)
    }
    assert sequences == {
        ("register", "check", "decide"): 2,
        ("register", "check", "decide", "check", "decide"): 1,
    }
    tie_first = make_log([("c", "b", 0), ("c", "a", 0)])
    assert analytics.variants(as_frame(tie_first)).collect()["activities"].to_list() == [["b", "a"]]


def test_start_end_and_durations(as_frame):
    lf = as_frame(shuffled())
    assert dict(analytics.start_activities(lf).collect().iter_rows()) == {"register": 3}
    assert dict(analytics.end_activities(lf).collect().iter_rows()) == {"decide": 3}
    durations = dict(
        analytics.case_durations(lf)
        .collect()
        .select(pl.col("case").cast(pl.String), "duration_seconds")
        .iter_rows()
    )
    assert durations == {"c1": 180 * 60, "c2": 240 * 60, "c3": 180 * 60}
    stats = analytics.duration_stats(analytics.case_durations(lf)).collect().row(0, named=True)
    assert stats["mean"] == pytest.approx(200 * 60)
    assert stats["median"] == pytest.approx(180 * 60)
    assert stats["max"] == pytest.approx(240 * 60)
    # linear p90 of [180, 180, 240] min: 180 + 0.8 * 60
    assert stats["p90"] == pytest.approx(228 * 60)


def test_variant_share_and_mean_duration(as_frame):
    first = analytics.variants(as_frame(make_log(ROWS))).collect().row(0, named=True)
    assert first["count"] == 2
    assert first["share"] == pytest.approx(2 / 3)
    assert first["mean_duration_seconds"] == pytest.approx(180 * 60)


def test_activity_stats_rework_and_handoffs(as_frame):
    resources = ["ann", "bo", "bo", "ann", "bo", "bo", "cy", "cy", "ann", None, "bo"]
    lf = as_frame(make_log(ROWS, resource=resources))
    stats = {r["activity"]: r for r in analytics.activity_stats(lf).collect().iter_rows(named=True)}
    assert (stats["check"]["events"], stats["check"]["cases"], stats["check"]["resources"]) == (
        4,
        3,
        2,
    )
    rework = analytics.rework(lf).collect().to_dicts()
    assert [(r["activity"], r["cases"], r["repeats"]) for r in rework] == [
        ("check", 1, 1),
        ("decide", 1, 1),
    ]
    hand = {
        (r["source"], r["target"]): r["count"] for r in analytics.handoffs(lf).collect().to_dicts()
    }
    # c1: ann→bo (bo→bo no handoff); c2: ann→bo, bo→cy; c3: missing resource, then bo: none.
    assert hand == {("ann", "bo"): 2, ("bo", "cy"): 1}
    units = analytics.handoffs(
        analytics.with_units(lf, {"ann": "front", "bo": "back", "cy": "back"}), "unit"
    )
    assert units.collect().select("source", "target", "count").rows() == [("front", "back", 2)]


def test_throughput_counts_cases_per_week(as_frame):
    rows = [
        ("a", "x", 0),
        ("a", "y", 7 * 24 * 60),
        ("b", "x", 3 * 24 * 60),
        ("b", "y", 3 * 24 * 60 + 5),
    ]
    weeks = analytics.throughput(as_frame(make_log(rows))).collect()
    assert weeks.rows() == [(dt.date(2024, 3, 4), 2, 1), (dt.date(2024, 3, 11), 0, 1)]


def test_empty_log_gives_empty_results(as_frame):
    lf = as_frame(make_log([]))
    assert analytics.dfg(lf).collect().height == 0
    assert analytics.variants(lf).collect().height == 0
    assert analytics.start_activities(lf).collect().height == 0
    stats = analytics.duration_stats(analytics.case_durations(lf)).collect().row(0, named=True)
    assert stats == {"mean": None, "median": None, "p90": None, "max": None}


def test_single_event(as_frame):
    lf = as_frame(make_log([("only", "register", 5)]))
    assert analytics.dfg(lf).collect().height == 0
    assert analytics.variants(lf).collect()["activities"].to_list() == [["register"]]
    assert analytics.case_durations(lf).collect()["duration_seconds"].to_list() == [0.0]
    assert dict(analytics.end_activities(lf).collect().iter_rows()) == {"register": 1}


def test_start_timestamps_give_service_time_and_waiting_from_end_to_start(as_frame):
    base = dt.datetime(2024, 3, 4, 8, 0)
    frame = pl.DataFrame(
        {
            "case": ["k", "k", "k"],
            "activity": ["a", "b", "c"],
            "start_timestamp": [
                base,
                base + dt.timedelta(minutes=30),
                base + dt.timedelta(minutes=35),
            ],
            "timestamp": [
                base + dt.timedelta(minutes=10),
                base + dt.timedelta(minutes=40),
                base + dt.timedelta(minutes=50),
            ],
        }
    )
    lf = as_frame(canonical(frame.lazy()))
    waits = {
        (r["source"], r["target"]): r["mean_seconds"]
        for r in analytics.dfg(lf).collect().to_dicts()
    }
    # a ends 8:10, b starts 8:30: 20 min; c starts 8:35 while b runs to 8:40: overlap waits 0.
    assert waits == {("a", "b"): 20 * 60, ("b", "c"): 0.0}
    stats = {
        r["activity"]: r["mean_service_seconds"]
        for r in analytics.activity_stats(lf).collect().to_dicts()
    }
    assert stats == {"a": 600.0, "b": 600.0, "c": 900.0}
    assert analytics.case_durations(lf).collect()["duration_seconds"].to_list() == [50 * 60.0]


def test_summary_of_empty_and_single_event_logs(as_frame):
    from verksam.mining.summary import summarise

    empty = summarise(as_frame(make_log([])))
    assert (empty["events"], empty["cases"], empty["dfg"], empty["variants"]) == (0, 0, [], [])
    assert empty["case_duration_seconds"] == {
        "mean": None,
        "median": None,
        "p90": None,
        "max": None,
    }
    one = summarise(as_frame(make_log([("only", "register", 5)])))
    assert one["start_activities"] == one["end_activities"] == {"register": 1}
    assert one["activities"] == {"register": {"events": 1, "cases": 1}}
    assert one["variants"][0]["activities"] == ["register"]
    assert one["throughput_per_week"] == [{"week": "2024-03-04", "started": 1, "closed": 1}]


def test_units_come_from_resources_or_else_roles():
    rows = [("c", "a", 0), ("c", "b", 1), ("c", "d", 2)]
    lf = make_log(rows, resource=["anna", "clerk-7", "bo"], role=["x", "clerk", "y"])
    units = analytics.with_units(lf, {"anna": "front", "clerk": "back", "bo": "back"})
    assert units.collect()["unit"].to_list() == ["front", "back", "back"]
