"""Discovered process maps: a weighted directed graph mined from an event log, drawn top to bottom.

In *frequency* mode boxes show how many times each activity happened and edges how often one
activity directly followed another; in *performance* mode they show mean durations and mean (or
median) waiting time between activities. Edge thickness always follows the count, so the main
path stands out; loops back against the flow are dashed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from verksam.diagrams.build import EdgeSpec, NodeSpec, Part, box, graph, symbol_with_label
from verksam.diagrams.geometry import Diagram, LegendItem
from verksam.diagrams.layered import Direction, Settings
from verksam.diagrams.sheet import finish
from verksam.diagrams.svg import to_svg
from verksam.diagrams.words import decimal, sentence, word

Mode = Literal["frequency", "performance"]


@dataclass(frozen=True, slots=True)
class MapNode:
    """An activity of a discovered map (`kind` start/end for the artificial begin and end)."""

    id: str
    label: str
    count: int
    mean_seconds: float | None = None
    kind: Literal["activity", "start", "end"] = "activity"


@dataclass(frozen=True, slots=True)
class MapEdge:
    """A directly-follows relation: `count` times `target` came right after `source`."""

    source: str
    target: str
    count: int
    mean_seconds: float | None = None
    median_seconds: float | None = None


def format_count(n: int) -> str:
    """Thousands grouped with a thin space, as Nordic style guides write them."""
    return f"{n:,}".replace(",", "\u202f")


def format_duration(seconds: float) -> str:
    """A duration in the largest fitting unit: 45 s, 12 min, 3.4 h, 2.1 d."""
    s = abs(seconds)
    if s < 60:
        return f"{seconds:.0f} s"
    if s < 3600:
        return f"{seconds / 60:.0f} min" if s >= 600 else f"{seconds / 60:.1f} min"
    if s < 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"


def _shade(value: float, top: float) -> int:
    if top <= 0:
        return 0
    return min(4, int(4 * math.sqrt(max(0.0, value) / top) + 0.5))


def process_map_diagram(
    nodes: list[MapNode],
    edges: list[MapEdge],
    *,
    mode: Mode = "frequency",
    title: str = "Process map",
    subtitle: str = "",
    direction: Direction = "TB",
    lang: str = "en",
) -> Diagram:
    """The laid-out map, top to bottom (or left to right with `direction="LR"`), its fixed words
    (legend, description, durations' decimal comma) in `lang` (en, sv or nb).

    Raises ValueError on an edge whose ends are not among the nodes, or a bad mode.
    """
    if mode not in ("frequency", "performance"):
        raise ValueError(f"mode must be 'frequency' or 'performance', not {mode!r}")
    ids = {n.id for n in nodes}
    if len(ids) != len(nodes):
        raise ValueError("process map: node ids must be unique")
    for e in edges:
        for end in (e.source, e.target):
            if end not in ids:
                raise ValueError(
                    f"process map: edge {e.source!r} → {e.target!r}: unknown node {end!r}"
                )
    top_count = max((n.count for n in nodes if n.kind == "activity"), default=1)
    top_mean = max((n.mean_seconds or 0.0 for n in nodes), default=0.0)
    top_edge = max((e.count for e in edges), default=1)
    specs: list[NodeSpec] = []
    for n in nodes:
        if n.kind in ("start", "end"):
            spec = symbol_with_label(
                n.id,
                n.kind,
                "circle" if n.kind == "start" else "circle-bold",
                n.kind,
                26,
                f"{word(lang, n.label)} ({format_count(n.count)})"
                if n.label
                else format_count(n.count),
                beside=direction == "TB",
            )
        else:
            if mode == "frequency":
                second = format_count(n.count)
                fill = f"map-f{_shade(n.count, top_count)}"
            else:
                second = (
                    decimal(lang, format_duration(n.mean_seconds))
                    if n.mean_seconds is not None
                    else "–"
                )
                fill = f"map-p{_shade(n.mean_seconds or 0.0, top_mean)}"
            spec = box(
                n.id,
                "activity",
                [Part(n.label, 12, bold=True), Part(second, 11)],
                symbol="round",
                fill=fill,
                wrap_width=170,
                min_w=120,
                min_h=44,
                title=f"{n.label}: {format_count(n.count)}",
            )
        specs.append(spec)
    slow = sorted(e.mean_seconds for e in edges if e.mean_seconds is not None)
    slow_limit = slow[(3 * len(slow)) // 4] if len(slow) >= 4 else math.inf
    especs: list[EdgeSpec] = []
    for e in edges:
        width = 1.0 + 5.0 * math.sqrt(e.count / top_edge) if top_edge > 0 else 1.0
        if mode == "frequency":
            label = format_count(e.count)
            tone = "edge"
        else:
            shown = e.mean_seconds if e.mean_seconds is not None else e.median_seconds
            label = decimal(lang, format_duration(shown)) if shown is not None else ""
            tone = "slow" if e.mean_seconds is not None and e.mean_seconds >= slow_limit else "edge"
        especs.append(
            EdgeSpec(
                e.source,
                e.target,
                label,
                kind="follows",
                tone=tone,
                width=round(width, 1),
                label_size=10.5,
            )
        )
    geoms, egeoms, res = graph(
        specs, especs, direction=direction, settings=Settings(node_gap=30, channel_pad=18)
    )
    what = word(lang, "frequencies" if mode == "frequency" else "mean times")
    diagram = Diagram(
        "process-map",
        title,
        subtitle or f"{word(lang, 'Discovered process map')} · {what}",
        sentence(lang, "process-map", activities=len(nodes), paths=len(edges), what=what),
        nodes=geoms,
        edges=egeoms,
    )
    diagram.legend = [
        LegendItem(
            "round",
            "map-f2" if mode == "frequency" else "map-p2",
            word(lang, "activity (count)" if mode == "frequency" else "activity (mean duration)"),
        ),
        LegendItem("circle", "start", word(lang, "start")),
        LegendItem("circle-bold", "end", word(lang, "end")),
        LegendItem("edge1", "plain", word(lang, "rare path"), tone="edge"),
        LegendItem(
            "edge6",
            "plain",
            word(lang, "most frequent path ({n})").format(n=format_count(top_edge)),
            tone="edge",
        ),
        LegendItem("edge2", "plain", word(lang, "loop back (rework)"), dashed=True, tone="back"),
    ]
    if mode == "performance":
        slowest = word(lang, "slowest quarter of paths")
        diagram.legend.append(LegendItem("edge2", "plain", slowest, tone="slow"))
    legend = word(lang, "Legend")
    if direction == "LR":
        return finish(diagram, res.rank_extent, res.order_extent, legend_title=legend)
    return finish(diagram, res.order_extent, res.rank_extent, legend_title=legend)


def render_process_map(
    nodes: list[MapNode],
    edges: list[MapEdge],
    *,
    mode: Mode = "frequency",
    title: str = "Process map",
    subtitle: str = "",
    direction: Direction = "TB",
    lang: str = "en",
) -> str:
    """SVG of a discovered process map. Raises ValueError on edges to unknown nodes or a bad mode."""
    return to_svg(
        process_map_diagram(
            nodes, edges, mode=mode, title=title, subtitle=subtitle, direction=direction, lang=lang
        )
    )
