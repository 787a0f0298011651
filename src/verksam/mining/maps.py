"""The discovered process map of a log, drawn with the diagram engine (`verksam.diagrams`).

Activities become boxes and directly-follows relations edges, with an artificial start and end
joined to the activities cases begin and end with. The map is simplified the way Disco does it
(see `verksam.mining.filters.simplify`) so that large logs stay readable.
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from verksam.diagrams import MapEdge, MapNode, render_process_map
from verksam.mining import analytics
from verksam.mining.filters import simplify
from verksam.mining.log import ACTIVITY, START, TIMESTAMP

START_ID = "__start__"
END_ID = "__end__"


def map_graph(
    lf: pl.LazyFrame, activities: float = 1.0, paths: float = 1.0, min_count: int = 0
) -> tuple[list[MapNode], list[MapEdge]]:
    """Nodes and edges of the map: activity counts (and mean service time where the log has start
    times), DFG edges with counts and mean/median waiting time, and start/end edges. Paths seen
    fewer than ``min_count`` times are left out."""
    log, graph = simplify(lf, activities, paths)
    graph = graph.filter(pl.col("count") >= min_count)
    has_start = START in log.collect_schema().names()
    aggs = [pl.len().cast(pl.Int64).alias("count")]
    if has_start:
        aggs.append(analytics.to_seconds(pl.col(TIMESTAMP) - pl.col(START)).mean().alias("mean"))
    stats, edges, starts, ends, n_cases = pl.collect_all(
        [
            log.group_by(ACTIVITY).agg(aggs).sort(pl.col(ACTIVITY).cast(pl.String)),
            graph,
            analytics.start_activities(log, is_ordered=True),
            analytics.end_activities(log, is_ordered=True),
            log.select(pl.col("case").n_unique()),
        ]
    )
    ids: dict[str, str] = {}
    nodes = [MapNode(START_ID, "Start", int(n_cases.item()), kind="start")]
    for i, row in enumerate(stats.iter_rows(named=True)):
        name = str(row[ACTIVITY])
        ids[name] = f"a{i}"
        nodes.append(MapNode(ids[name], name, int(row["count"]), row.get("mean")))
    nodes.append(MapNode(END_ID, "End", int(n_cases.item()), kind="end"))
    map_edges = [
        MapEdge(START_ID, ids[str(r[ACTIVITY])], int(r["count"]))
        for r in starts.iter_rows(named=True)
    ]
    map_edges += [
        MapEdge(
            ids[str(r["source"])],
            ids[str(r["target"])],
            int(r["count"]),
            r["mean_seconds"],
            r["median_seconds"],
        )
        for r in edges.iter_rows(named=True)
    ]
    map_edges += [
        MapEdge(ids[str(r[ACTIVITY])], END_ID, int(r["count"])) for r in ends.iter_rows(named=True)
    ]
    return nodes, map_edges


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
