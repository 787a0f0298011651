"""A layered (Sugiyama-style) layout for directed graphs with cycles, lanes and orthogonal edges.

Steps: (1) break cycles by reversing the feedback arcs a depth-first search finds; (2) assign layers
by longest path (edges with a label get length 2 so their label has a layer of its own); (3) split
long edges into dummy items, one per layer crossed, so every edge passes each layer through a
reserved slot; (4) order each layer by barycentres in alternating sweeps, keeping the order with the
fewest crossings, with lanes as hard bands; (5) place items along the order axis by weighted
isotonic regression (pool adjacent violators), which keeps the order and the minimum gaps while
pulling each item towards its neighbours; (6) route edges orthogonally: horizontal through the
layers, vertical only in the channels between layers, one track per vertical segment.

Because every layer column holds only its own items, each separated by a gap, and channels hold no
items, an edge can never pass through a box it does not connect.

The steps live in `layered_order` (1-4), `layered_place` (5) and `layered_route` (6); the data
classes in `layered_model`. This module ties them together.

Terms: the *rank axis* is the flow direction (x for left → right, y for top → bottom), the *order
axis* the other one. A node's *anchor* is the line on the order axis that edges attach to.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import fields
from operator import attrgetter
from typing import Any

from cachetools import LRUCache

from verksam.diagrams.layered_model import (
    Direction,
    LayeredResult,
    LEdge,
    LNode,
    Placed,
    Routed,
    Settings,
    _Item,
)
from verksam.diagrams.layered_order import (
    _feedback_arcs,
    _initial_order,
    _layers,
    _reduce_crossings,
)
from verksam.diagrams.layered_place import _isotonic as _isotonic
from verksam.diagrams.layered_place import _place_order
from verksam.diagrams.layered_route import (
    _half,
    _ports,
    _self_loop,
    _simplify,
    _straighten,
    _tracks,
)

# `_isotonic as _isotonic` above re-exports it for the tests, which import it from here.
__all__ = [
    "Direction",
    "LEdge",
    "LNode",
    "LayeredResult",
    "Placed",
    "Routed",
    "Settings",
    "layout",
]


_KEPT = 64  # layouts of the most recently drawn graphs
_LAYOUTS: LRUCache[tuple[Any, ...], LayeredResult] = LRUCache(maxsize=_KEPT)
_LAYOUTS_LOCK = threading.Lock()


_GETTERS: dict[type, Any] = {}  # per dataclass: a getter of all its fields as one tuple


def _values(item: Any) -> tuple[Any, ...]:
    kind = type(item)
    getter = _GETTERS.get(kind)
    if getter is None:
        names = [f.name for f in fields(item)]
        one = names[0]
        getter = attrgetter(*names) if len(names) > 1 else lambda x: (getattr(x, one),)
        _GETTERS[kind] = getter
    values: tuple[Any, ...] = getter(item)
    return values


def _copy(result: LayeredResult) -> LayeredResult:
    """A copy the caller may change without changing the kept layout."""
    return LayeredResult(
        {key: Placed(p.rank, p.order, p.layer) for key, p in result.nodes.items()},
        [Routed(list(r.points), r.reversed, r.label_at, r.self_loop) for r in result.edges],
        list(result.lanes),
        result.rank_extent,
        result.order_extent,
        result.direction,
        list(result.layers),
    )


def layout(
    nodes: list[LNode],
    edges: list[LEdge],
    *,
    direction: Direction = "LR",
    lane_count: int = 1,
    lane_min: list[float] | None = None,
    settings: Settings | None = None,
) -> LayeredResult:
    """Lay out a directed graph. Edges whose ends are unknown raise KeyError.

    `lane_min` gives each lane's minimum order-axis size (room for its header text).

    The layout depends on nothing but these arguments, so the most recent ones are kept: most
    edits of a process change a text or a time without changing any box's size (in the web
    editor, every save draws the swimlane again), and then its layout is reused.
    """
    key = (
        tuple(_values(node) for node in nodes),
        tuple(_values(edge) for edge in edges),
        direction,
        lane_count,
        tuple(lane_min or ()),
        _values(settings or Settings()),
    )
    with _LAYOUTS_LOCK:
        kept = _LAYOUTS.get(key)
    if kept is not None:
        return _copy(kept)
    result = _layout(nodes, edges, direction, lane_count, lane_min, settings)
    with _LAYOUTS_LOCK:
        _LAYOUTS[key] = _copy(result)
    return result


def _layout(
    nodes: list[LNode],
    edges: list[LEdge],
    direction: Direction,
    lane_count: int,
    lane_min: list[float] | None,
    settings: Settings | None,
) -> LayeredResult:
    cfg = settings or Settings()
    index = {node.id: i for i, node in enumerate(nodes)}
    n = len(nodes)
    pairs = [(index[e.source], index[e.target]) for e in edges]
    loops = [k for k, (s, t) in enumerate(pairs) if s == t]
    loop_nodes: dict[int, list[int]] = {}
    for k in loops:
        loop_nodes.setdefault(pairs[k][0], []).append(k)

    reversed_edges = _feedback_arcs(n, pairs)
    layer = _layers(nodes, edges, pairs, reversed_edges)

    # Items: one per node, then dummies per long edge.
    items: list[_Item] = []
    for i, node in enumerate(nodes):
        band = (
            max(cfg.self_loop, *(edges[k].label_order + 12 for k in loop_nodes[i]))
            if i in loop_nodes
            else 0.0
        )
        items.append(
            _Item(i, i, layer[i], node.lane, node.rank_size, node.before + band, node.after)
        )
    chains: list[list[int]] = []
    for k, (s, t) in enumerate(pairs):
        if s == t:
            chains.append([])
            continue
        lo, hi = (t, s) if k in reversed_edges else (s, t)
        chain = [lo]
        lane = nodes[lo].lane
        edge = edges[k]
        for lay in range(layer[lo] + 1, layer[hi]):
            labelled = lay == layer[lo] + 1 and edge.label_rank > 0
            item = _Item(
                len(items),
                -1,
                lay,
                lane,
                edge.label_rank if labelled else 0.0,
                edge.label_order + 3 if labelled else 0.0,
                3.0 if labelled else 0.0,
                label=labelled,
            )
            items.append(item)
            chain.append(item.index)
        chain.append(hi)
        chains.append(chain)

    layer_count = max((it.layer for it in items), default=0) + 1
    layers: list[list[int]] = [[] for _ in range(layer_count)]
    up: list[list[int]] = [[] for _ in items]  # neighbours in the previous layer
    down: list[list[int]] = [[] for _ in items]
    for chain in chains:
        for a, b in itertools.pairwise(chain):
            down[a].append(b)
            up[b].append(a)

    _initial_order(items, layers, down, n)
    _reduce_crossings(items, layers, up, down)
    lanes = _place_order(items, layers, up, down, lane_count, lane_min or [], cfg)

    # Rank axis: column widths, then channels sized by their tracks.
    col_size = [max((items[i].rank_size for i in lay), default=0.0) for lay in layers]
    bundled = [e.bundle for e in edges]
    ports = _ports(items, nodes, chains, bundled, reversed_edges)
    if _straighten(items, layers, chains, ports, cfg, lanes):
        ports = _ports(items, nodes, chains, bundled, reversed_edges)
    # Round so that "level" is exact: a horizontal segment is exactly horizontal.
    ports = {key: round(value, 2) for key, value in ports.items()}
    segments: list[list[tuple[int, float, float, tuple[int, int, float]]]] = [
        [] for _ in range(layer_count)
    ]  # per channel: (edge, o1, o2, sharing key)
    for k, chain in enumerate(chains):
        for a, b in itertools.pairwise(chain):
            o1 = ports[(k, a)]
            o2 = ports[(k, b)]
            if o1 != o2:
                ia, ib = items[a], items[b]
                if ia.node >= 0 and (bundled[k] or not nodes[ia.node].spread):
                    key = (0, a, round(o1, 2))
                elif ib.node >= 0 and (bundled[k] or not nodes[ib.node].spread):
                    key = (1, b, round(o2, 2))
                else:
                    key = (2, k, 0.0)
                segments[ia.layer].append((k, o1, o2, key))
    tracks: list[dict[int, int]] = []
    track_count: list[int] = []
    for chan in segments:
        assign, count = _tracks(chan)
        tracks.append(assign)
        track_count.append(count)

    col_start: list[float] = []
    chan_start: list[float] = []
    r = 0.0
    for lay in range(layer_count):
        col_start.append(r)
        r += col_size[lay]
        chan_start.append(r)
        if lay < layer_count - 1:
            r += 2 * cfg.channel_pad + max(0, track_count[lay] - 1) * cfg.track_gap
    rank_extent = r
    for it in items:
        it.rank = col_start[it.layer] + col_size[it.layer] / 2

    placed = {
        nodes[it.node].id: Placed(it.rank, it.order, it.layer) for it in items if it.node >= 0
    }

    routed: list[Routed] = []
    for k, chain in enumerate(chains):
        if not chain:
            routed.append(_self_loop(items[pairs[k][0]], nodes[pairs[k][0]], edges[k], cfg))
            continue
        first = items[chain[0]]
        node0 = nodes[first.node]
        half0 = _half(node0, ports[(k, chain[0])] - first.order)
        pts: list[tuple[float, float]] = [(first.rank + half0, ports[(k, chain[0])])]
        label_at: tuple[float, float] | None = None
        for a, b in itertools.pairwise(chain):
            ia, ib = items[a], items[b]
            o1, o2 = ports[(k, a)], ports[(k, b)]
            if ia.node < 0:
                pts.append((col_start[ia.layer] + col_size[ia.layer], o1))
            if o1 != o2:
                tr = chan_start[ia.layer] + cfg.channel_pad + tracks[ia.layer][k] * cfg.track_gap
                pts.append((tr, o1))
                pts.append((tr, o2))
            if ib.node < 0:
                pts.append((col_start[ib.layer], o2))
                if ib.label:
                    label_at = (ib.rank, o2)
            else:
                nb = nodes[ib.node]
                half = _half(nb, o2 - ib.order)
                pts.append((ib.rank - half, o2))
        pts = _simplify(pts)
        rev = k in reversed_edges
        if rev:
            pts.reverse()
        routed.append(Routed(pts, rev, label_at))

    if direction == "TB":
        for e in routed:
            e.points = [(o, q) for q, o in e.points]
            if e.label_at is not None:
                e.label_at = (e.label_at[1], e.label_at[0])
    return LayeredResult(
        placed,
        routed,
        lanes,
        rank_extent,
        lanes[-1][1] if lanes else 0.0,
        direction,
        [(col_start[i], col_start[i] + col_size[i]) for i in range(layer_count)],
    )
