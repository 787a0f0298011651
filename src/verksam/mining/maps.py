"""The discovered process map of a log, drawn with the diagram engine (`verksam.diagrams`).

Activities become boxes and directly-follows relations edges, with an artificial start and end
joined to the activities cases begin and end with. The map is simplified the way Disco does it
(see `verksam.mining.filters.simplify`) so that large logs stay readable.
"""

from __future__ import annotations

import math
from typing import Any, Literal

import polars as pl

from verksam.diagrams import MapEdge, MapNode, render_process_map
from verksam.mining import analytics
from verksam.mining.analytics import dfg, ordered
from verksam.mining.filters import check_shares, keep_activities, keep_paths
from verksam.mining.log import ACTIVITY, START, TIMESTAMP

START_ID = "__start__"
END_ID = "__end__"


LEVELS = tuple(range(5, 101, 5))  # the slider levels (percent) the web app offers


def map_level(lf: pl.LazyFrame, activities: float = 1.0) -> dict[str, Any]:
    """What the map needs at one activities level, as JSON-able data: the activities kept with
    their counts (and mean service time where the log has start times), the whole directly-follows
    graph of the reduced log (paths are cut later, by `graph_of`), the start and end counts and the
    number of cases. One pass over the log."""
    log = ordered(keep_activities(lf, activities))
    has_start = START in log.collect_schema().names()
    aggs = [pl.len().cast(pl.Int64).alias("count")]
    if has_start:
        aggs.append(analytics.to_seconds(pl.col(TIMESTAMP) - pl.col(START)).mean().alias("mean"))
    stats, graph, starts, ends, n_cases = pl.collect_all(
        [
            log.group_by(ACTIVITY).agg(aggs).sort(pl.col(ACTIVITY).cast(pl.String)),
            dfg(log, is_ordered=True),
            analytics.start_activities(log, is_ordered=True),
            analytics.end_activities(log, is_ordered=True),
            log.select(pl.col("case").n_unique()),
        ]
    )
    return {
        "cases": int(n_cases.item()),
        "activities": [
            [str(r[ACTIVITY]), int(r["count"]), r.get("mean")] for r in stats.iter_rows(named=True)
        ],
        "dfg": graph.select(
            pl.col("source").cast(pl.String),
            pl.col("target").cast(pl.String),
            "count",
            "mean_seconds",
            "median_seconds",
        ).rows(),
        "starts": [[str(r[ACTIVITY]), int(r["count"])] for r in starts.iter_rows(named=True)],
        "ends": [[str(r[ACTIVITY]), int(r["count"])] for r in ends.iter_rows(named=True)],
    }


def map_levels(lf: pl.LazyFrame, levels: tuple[int, ...] = LEVELS) -> dict[str, Any]:
    """`map_level` for every activities level (percent), computed once per distinct set of
    activities kept: ``{"levels": {"5": key, ...}, "data": {key: map_level}}``."""
    n_activities = lf.select(pl.col(ACTIVITY).n_unique()).collect().item()
    keys: dict[str, str] = {}
    data: dict[str, dict[str, Any]] = {}
    for level in levels:
        kept = (
            n_activities if level >= 100 else max(1, math.ceil(n_activities * (level / 100)))
        )  # as keep_activities
        key = str(kept)
        if key not in data:
            data[key] = map_level(lf, 1.0 if kept >= n_activities else level / 100)
        keys[str(level)] = key
    return {"levels": keys, "data": data}


def graph_of(
    level: dict[str, Any], paths: float = 1.0, min_count: int = 0
) -> tuple[list[MapNode], list[MapEdge]]:
    """Nodes and edges of the map from one stored `map_level`, its paths cut to ``paths``."""
    columns = ["source", "target", "count", "mean_seconds", "median_seconds"]
    schema = dict(
        zip(columns, [pl.String, pl.String, pl.Int64, pl.Float64, pl.Float64], strict=True)
    )
    graph = pl.DataFrame(level["dfg"], schema=schema, orient="row").lazy()
    edges = keep_paths(graph, paths).filter(pl.col("count") >= min_count).collect()
    ids: dict[str, str] = {}
    nodes = [MapNode(START_ID, "Start", level["cases"], kind="start")]
    for i, (name, count, mean) in enumerate(level["activities"]):
        ids[name] = f"a{i}"
        nodes.append(MapNode(ids[name], name, count, mean))
    nodes.append(MapNode(END_ID, "End", level["cases"], kind="end"))
    map_edges = [MapEdge(START_ID, ids[name], count) for name, count in level["starts"]]
    map_edges += [
        MapEdge(ids[r["source"]], ids[r["target"]], int(r["count"]), r["mean_seconds"],
                r["median_seconds"])
        for r in edges.iter_rows(named=True)
    ]  # fmt: skip
    map_edges += [MapEdge(ids[name], END_ID, count) for name, count in level["ends"]]
    return nodes, map_edges


def map_graph(
    lf: pl.LazyFrame, activities: float = 1.0, paths: float = 1.0, min_count: int = 0
) -> tuple[list[MapNode], list[MapEdge]]:
    """Nodes and edges of the map: activity counts (and mean service time where the log has start
    times), DFG edges with counts and mean/median waiting time, and start/end edges. Paths seen
    fewer than ``min_count`` times are left out.

    Raises
    ------
    ValueError
        When a share is not in (0, 1].
    """
    check_shares(activities, paths)
    return graph_of(map_level(lf, activities), paths, min_count)


def render_map(
    lf: pl.LazyFrame,
    *,
    mode: Literal["frequency", "performance"] = "frequency",
    activities: float = 1.0,
    paths: float = 1.0,
    min_count: int = 0,
    title: str = "Discovered process",
    subtitle: str = "",
) -> str:
    """SVG of the discovered map (``frequency`` or ``performance`` mode)."""
    nodes, edges = map_graph(lf, activities, paths, min_count)
    return render_process_map(nodes, edges, mode=mode, title=title, subtitle=subtitle)
