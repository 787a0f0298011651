"""Filters: time windows, top variants, minimum frequencies and Disco-style simplification."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from mining_logs import make_log

from verksam.mining import analytics, filters

# Case a: day 0-1, case b: day 1-3, case c: day 5-6 (minutes after Monday 2024-03-04 08:00)
DAY = 24 * 60
ROWS = [
    ("a", "x", 0),
    ("a", "y", DAY),
    ("b", "x", DAY),
    ("b", "z", 2 * DAY),
    ("b", "y", 3 * DAY),
    ("c", "x", 5 * DAY),
    ("c", "y", 6 * DAY),
]


def case_ids(lf: pl.LazyFrame) -> set[str]:
    return set(lf.select(pl.col("case").cast(pl.String)).collect().to_series().to_list())


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("contained", {"a"}),
        ("intersecting", {"a", "b"}),
        ("started", {"a", "b"}),
        ("completed", {"a"}),
    ],
)
def test_time_window_modes(as_frame, mode, expected):
    lf = as_frame(make_log(ROWS))
    window = filters.time_window(lf, dt.date(2024, 3, 4), dt.date(2024, 3, 6), mode)
    assert case_ids(window) == expected


def test_time_window_trim_keeps_events_inside_only(as_frame):
    lf = as_frame(make_log(ROWS))
    trimmed = filters.time_window(lf, dt.datetime(2024, 3, 5, 8, 0), None, "trim").collect()
    assert trimmed.height == 6  # all but a's first event; events at the bound are inside
    aware = filters.time_window(
        lf, dt.datetime(2024, 3, 5, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))), None, "trim"
    )
    assert aware.collect().height == 6  # 09:00+01:00 is the same instant


def test_top_variants_keeps_the_most_frequent(as_frame):
    lf = as_frame(make_log(ROWS))
    assert case_ids(filters.top_variants(lf, 1)) == {"a", "c"}  # x→y twice, x→z→y once
    assert case_ids(filters.top_variants(lf, 5)) == {"a", "b", "c"}


def test_min_activity_count_drops_rare_activities_and_relinks_paths(as_frame):
    lf = filters.min_activity_count(as_frame(make_log(ROWS)), 2)
    edges = {(r["source"], r["target"]): r["count"] for r in analytics.dfg(lf).collect().to_dicts()}
    assert edges == {("x", "y"): 3}


def test_min_path_count(as_frame):
    graph = analytics.dfg(as_frame(make_log(ROWS)))
    assert filters.min_path_count(graph, 2).collect().select("source", "target").rows() == [
        ("x", "y")
    ]


def test_simplify_keeps_frequent_activities_and_every_node_connected(as_frame):
    rows = [(f"k{i}", a, j) for i in range(6) for j, a in enumerate("abcd")]
    rows += [("r1", "a", 0), ("r1", "e", 1), ("r1", "d", 2), ("r2", "a", 0), ("r2", "c", 1)]
    lf = as_frame(make_log(rows))
    log, graph = filters.simplify(lf, activities=0.8, paths=0.2)
    kept = set(log.select(pl.col("activity").cast(pl.String).unique()).collect().to_series())
    assert kept == {"a", "b", "c", "d"}  # e (once) is the fifth of five activities
    edges = {(r["source"], r["target"]) for r in graph.collect().to_dicts()}
    assert ("a", "b") in edges and ("c", "d") in edges and ("b", "c") in edges
    nodes = {n for e in edges for n in e}
    assert nodes == kept
    with pytest.raises(ValueError, match="share"):
        filters.simplify(lf, activities=0)


def test_filters_keep_file_order_for_equal_times(as_frame):
    # Two events of one case at the same minute: after filtering, file order still decides.
    rows = [("t", "first", 0), ("t", "second", 0), ("u", "x", 0), ("u", "y", 5)] * 1
    rows += [(f"f{i}", "x", 0) for i in range(50)]
    lf = as_frame(make_log(rows))
    for filtered in (filters.top_variants(lf, 3), filters.keep_activities(lf, 0.99)):
        seq = analytics.variants(filtered).collect()
        assert ["first", "second"] in seq["activities"].to_list()
