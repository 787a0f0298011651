"""The discovered map's graph: start and end joined to the activities, counts, minimum path count."""

from __future__ import annotations

from mining_logs import make_log

from verksam.mining.maps import END_ID, START_ID, map_graph, render_map

ROWS = [("a", "x", 0), ("a", "y", 60), ("b", "x", 0), ("b", "y", 30), ("c", "x", 0), ("c", "z", 10)]


def test_map_joins_start_and_end_to_the_activities():
    nodes, edges = map_graph(make_log(ROWS))
    label = {n.id: n.label for n in nodes}
    counts = {(label[e.source], label[e.target]): e.count for e in edges}
    assert counts == {
        ("Start", "x"): 3,
        ("x", "y"): 2,
        ("x", "z"): 1,
        ("y", "End"): 2,
        ("z", "End"): 1,
    }
    assert {n.id for n in nodes if n.kind != "activity"} == {START_ID, END_ID}
    wait = next(e for e in edges if (label[e.source], label[e.target]) == ("x", "y"))
    assert wait.mean_seconds == 45 * 60 and wait.median_seconds == 45 * 60


def test_min_count_drops_rare_paths_and_render_writes_svg():
    _, edges = map_graph(make_log(ROWS), min_count=2)
    assert all(
        e.count >= 2
        for e in edges
        if START_ID not in (e.source, e.target) and END_ID not in (e.source, e.target)
    )
    svg = render_map(make_log(ROWS), mode="performance", title="Map")
    assert "<svg" in svg and ">x<" in svg


def test_maps_from_the_stored_levels_match_the_log_at_every_slider_level(shared_data):
    """The web app draws the map from `map_levels`, computed once in the upload's job; every
    level must keep the same activities and paths as simplifying the log itself."""
    import json

    import polars as pl

    from verksam.mining import scan_log
    from verksam.mining.filters import simplify
    from verksam.mining.maps import LEVELS, graph_of, map_levels

    lf = scan_log(shared_data / "pm4py" / "receipt.xes.gz").collect().lazy()
    stored = json.loads(json.dumps(map_levels(lf)))  # as the job stores it
    for level in LEVELS:
        for paths in (0.05, 0.3, 1.0):
            nodes, edges = graph_of(stored["data"][stored["levels"][str(level)]], paths)
            log, graph = simplify(lf, level / 100, paths)
            label = {n.id: n.label for n in nodes}
            drawn = {
                (label[e.source], label[e.target], e.count)
                for e in edges
                if e.source != START_ID and e.target != END_ID
            }
            expected = {
                (str(r["source"]), str(r["target"]), r["count"])
                for r in graph.collect().iter_rows(named=True)
            }
            assert drawn == expected, (level, paths)
            kept = log.select(pl.col("activity").cast(pl.String).unique()).collect().to_series()
            assert {n.label for n in nodes if n.kind == "activity"} == set(kept.to_list())
