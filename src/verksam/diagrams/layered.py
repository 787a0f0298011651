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

Terms: the *rank axis* is the flow direction (x for left → right, y for top → bottom), the *order
axis* the other one. A node's *anchor* is the line on the order axis that edges attach to.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Literal

Direction = Literal["LR", "TB"]


@dataclass(slots=True)
class LNode:
    """A node to lay out, sized along the rank axis and around its anchor on the order axis."""

    id: str
    rank_size: float
    before: float  # order-axis extent before (above / left of) the anchor
    after: float  # order-axis extent after the anchor
    lane: int = 0
    min_layer: int = 0
    spread: bool = True  # spread edge ends along the side (boxes) or meet at the anchor (symbols)
    attach: float | None = None  # half rank extent of the symbol edges attach to
    pinned: bool = False  # stay in min_layer even if a later layer is nearer its successors
    round: bool = False  # the symbol is a circle (where edge ends off the anchor meet its outline)


@dataclass(slots=True)
class LEdge:
    source: str
    target: str
    label_rank: float = 0.0  # label size along the rank axis (0: no label)
    label_order: float = 0.0
    bundle: bool = False  # share one port and track with the other bundled edges of its ends


@dataclass(slots=True)
class Placed:
    """Result for one node: centre on the rank axis, anchor on the order axis, its layer."""

    rank: float
    order: float
    layer: int


@dataclass(slots=True)
class Routed:
    """Result for one edge: the polyline from source to target and where its label goes."""

    points: list[tuple[float, float]]
    reversed: bool
    label_at: tuple[float, float] | None = None  # (rank centre, order of the line under the text)
    self_loop: bool = False


@dataclass(slots=True)
class LayeredResult:
    nodes: dict[str, Placed]
    edges: list[Routed]
    lanes: list[tuple[float, float]]  # order-axis extent of each lane
    rank_extent: float
    order_extent: float
    direction: Direction
    layers: list[tuple[float, float]] = field(default_factory=list)  # rank extent per layer

    def xy(self, rank: float, order: float) -> tuple[float, float]:
        return (rank, order) if self.direction == "LR" else (order, rank)


@dataclass(slots=True)
class _Item:
    """A node or dummy in a layer."""

    index: int
    node: int  # node index, or -1 for a dummy
    layer: int
    lane: int
    rank_size: float
    before: float
    after: float
    pos: int = 0  # position in its layer
    order: float = 0.0
    rank: float = 0.0
    label: bool = False


@dataclass(slots=True)
class Settings:
    node_gap: float = 28.0  # between boxes in a layer
    dummy_gap: float = 10.0  # between edge slots
    channel_pad: float = 22.0  # free room on each side of a channel's tracks
    track_gap: float = 9.0
    lane_pad: float = 18.0
    self_loop: float = 14.0  # room above a node for its self-loop


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
    """
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


def _feedback_arcs(n: int, pairs: list[tuple[int, int]]) -> set[int]:
    """Edge indexes to reverse so the graph becomes acyclic (DFS back edges, sources first)."""
    out: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    indeg = [0] * n
    for k, (s, t) in enumerate(pairs):
        if s != t:
            out[s].append((t, k))
            indeg[t] += 1
    state = [0] * n  # 0 new, 1 on stack, 2 done
    back: set[int] = set()
    roots = [i for i in range(n) if indeg[i] == 0] + list(range(n))
    for root in roots:
        if state[root]:
            continue
        state[root] = 1
        stack = [(root, 0)]
        while stack:
            v, j = stack[-1]
            if j < len(out[v]):
                stack[-1] = (v, j + 1)
                w, k = out[v][j]
                if state[w] == 1:
                    back.add(k)
                elif state[w] == 0:
                    state[w] = 1
                    stack.append((w, 0))
            else:
                state[v] = 2
                stack.pop()
    return back


def _layers(
    nodes: list[LNode], edges: list[LEdge], pairs: list[tuple[int, int]], reversed_edges: set[int]
) -> list[int]:
    """Longest-path layering with minimum lengths, then sources pulled next to their successors."""
    n = len(nodes)
    out: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    inn: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    indeg = [0] * n
    for k, (s, t) in enumerate(pairs):
        if s == t:
            continue
        a, b = (t, s) if k in reversed_edges else (s, t)
        length = 2 if edges[k].label_rank > 0 else 1
        out[a].append((b, length))
        inn[b].append((a, length))
        indeg[b] += 1
    layer = [node.min_layer for node in nodes]
    queue = [i for i in range(n) if indeg[i] == 0]
    head = 0
    order: list[int] = []
    while head < len(queue):
        v = queue[head]
        head += 1
        order.append(v)
        for w, length in out[v]:
            layer[w] = max(layer[w], layer[v] + length)
            indeg[w] -= 1
            if indeg[w] == 0:
                queue.append(w)
    # Nodes with no predecessors sit just before their nearest successor.
    for v in reversed(order):
        if not inn[v] and out[v] and not nodes[v].pinned:
            nearest = min(layer[w] - length for w, length in out[v])
            layer[v] = max(layer[v], nodes[v].min_layer, nearest)
    return layer


def _initial_order(
    items: list[_Item], layers: list[list[int]], down: list[list[int]], n: int
) -> None:
    """Depth-first order from the real nodes in input order: a stable, readable start."""
    seen = [False] * len(items)
    for start in range(n):
        if seen[start]:
            continue
        stack = [start]
        while stack:
            v = stack.pop()
            if seen[v]:
                continue
            seen[v] = True
            layers[items[v].layer].append(v)
            for w in reversed(down[v]):
                if not seen[w]:
                    stack.append(w)
    for i in range(len(items)):
        if not seen[i]:
            layers[items[i].layer].append(i)
    for lay in layers:
        lay.sort(key=lambda i: items[i].lane)  # stable: keeps the DFS order inside a lane
        for p, i in enumerate(lay):
            items[i].pos = p


def _crossings(items: list[_Item], upper: list[int], lower_size: int, down: list[list[int]]) -> int:
    """Crossings between two adjacent layers (inversions of the edge end positions)."""
    ends: list[int] = []
    for i in upper:
        ends.extend(sorted(items[w].pos for w in down[i]))
    tree = [0] * (lower_size + 1)
    count = 0
    for seen, p in enumerate(ends):
        # number of earlier ends strictly greater than p
        s = 0
        j = p + 1
        while j > 0:
            s += tree[j]
            j -= j & -j
        count += seen - s
        j = p + 1
        while j <= lower_size:
            tree[j] += 1
            j += j & -j
    return count


def _total_crossings(items: list[_Item], layers: list[list[int]], down: list[list[int]]) -> int:
    return sum(
        _crossings(items, layers[k], len(layers[k + 1]), down) for k in range(len(layers) - 1)
    )


def _reduce_crossings(
    items: list[_Item],
    layers: list[list[int]],
    up: list[list[int]],
    down: list[list[int]],
) -> None:
    best = _total_crossings(items, layers, down)
    best_order = [list(lay) for lay in layers]
    sweeps = 6 if len(items) < 2000 else 3
    for sweep in range(sweeps):
        downward = sweep % 2 == 0
        rng = range(1, len(layers)) if downward else range(len(layers) - 2, -1, -1)
        for k in rng:
            lay = layers[k]
            keyed = []
            for i in lay:
                nbrs = up[i] if downward else down[i]
                if nbrs:
                    ps = sorted(items[w].pos for w in nbrs)
                    m = len(ps)
                    median = ps[m // 2] if m % 2 else (ps[m // 2 - 1] + ps[m // 2]) / 2
                    bary = (sum(ps) / m + median) / 2
                else:
                    bary = float(items[i].pos)
                keyed.append((items[i].lane, bary, items[i].pos, i))
            keyed.sort()
            lay[:] = [t[3] for t in keyed]
            for p, i in enumerate(lay):
                items[i].pos = p
        total = _total_crossings(items, layers, down)
        if total < best:
            best = total
            best_order = [list(lay) for lay in layers]
        if best == 0:
            break
    for k, lay in enumerate(best_order):
        layers[k] = lay
        for p, i in enumerate(lay):
            items[i].pos = p
    _transpose(items, layers, up, down)


def _pair_crossings(items: list[_Item], a: list[int], b: list[int]) -> int:
    """Crossings between the edges of u (to `a`) and of v (to `b`) when u is placed before v."""
    return sum(1 for x in a for y in b if items[x].pos > items[y].pos)


def _transpose(
    items: list[_Item], layers: list[list[int]], up: list[list[int]], down: list[list[int]]
) -> None:
    """Swap neighbours in a layer (same lane) while that removes crossings (a few passes)."""
    for _ in range(4):
        improved = False
        for lay in layers:
            for p in range(len(lay) - 1):
                u, v = lay[p], lay[p + 1]
                if items[u].lane != items[v].lane:
                    continue
                now = _pair_crossings(items, up[u], up[v]) + _pair_crossings(
                    items, down[u], down[v]
                )
                swapped = _pair_crossings(items, up[v], up[u]) + _pair_crossings(
                    items, down[v], down[u]
                )
                if swapped < now:
                    lay[p], lay[p + 1] = v, u
                    items[v].pos, items[u].pos = p, p + 1
                    improved = True
        if not improved:
            break


def _isotonic(targets: list[float], weights: list[float]) -> list[float]:
    """Weighted least-squares non-decreasing fit (pool adjacent violators), O(n)."""
    blocks: list[list[float]] = []  # [weighted sum, weight, count]
    for t, w in zip(targets, weights, strict=True):
        blocks.append([t * w, w, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, ww, c = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += ww
            blocks[-1][2] += c
    out: list[float] = []
    for s, w, c in blocks:
        out.extend([s / w] * int(c))
    return out


def _gap(a: _Item, b: _Item, cfg: Settings) -> float:
    if a.node >= 0 and b.node >= 0:
        return cfg.node_gap
    if a.node < 0 and b.node < 0:
        return cfg.dummy_gap
    return cfg.node_gap / 2


def _place_order(
    items: list[_Item],
    layers: list[list[int]],
    up: list[list[int]],
    down: list[list[int]],
    lane_count: int,
    lane_min: list[float],
    cfg: Settings,
) -> list[tuple[float, float]]:
    """Order-axis anchors per lane by repeated isotonic regression; returns lane extents."""
    lane_count = max(lane_count, max((it.lane for it in items), default=0) + 1)
    # per layer, per lane: the item sequence
    groups: list[list[list[int]]] = []
    for lay in layers:
        per = [[] for _ in range(lane_count)]  # type: list[list[int]]
        for i in lay:
            per[items[i].lane].append(i)
        groups.append(per)
    # Start: stack each group from 0.
    for per in groups:
        for seq in per:
            o = 0.0
            prev: _Item | None = None
            for i in seq:
                it = items[i]
                o = it.before if prev is None else o + prev.after + _gap(prev, it, cfg) + it.before
                it.order = o
                prev = it

    def weight(a: _Item, b: _Item) -> float:
        if a.node < 0 and b.node < 0:
            return 8.0
        if a.node < 0 or b.node < 0:
            return 2.0
        return 1.0

    def relax(seq: list[int], use_up: bool, use_down: bool) -> None:
        if not seq:
            return
        targets: list[float] = []
        weights: list[float] = []
        offsets: list[float] = []
        off = 0.0
        prev: _Item | None = None
        for i in seq:
            it = items[i]
            if prev is not None:
                off += prev.after + _gap(prev, it, cfg) + it.before
            offsets.append(off)
            total = 0.0
            wsum = 0.0
            nbrs = (up[i] if use_up else []) + (down[i] if use_down else [])
            for w in nbrs:
                other = items[w]
                if other.lane != it.lane:
                    continue
                ww = weight(it, other)
                total += other.order * ww
                wsum += ww
            if wsum == 0:
                targets.append(it.order - off)
                weights.append(0.05)
            else:
                targets.append(total / wsum - off)
                weights.append(wsum)
            prev = it
        fitted = _isotonic(targets, weights)
        for i, q, off in zip(seq, fitted, offsets, strict=True):
            items[i].order = q + off

    rounds = 6 if len(items) < 600 else 3 if len(items) < 4000 else 1
    passes = [(True, False), (False, True)] * rounds + [(True, True), (True, False)]
    filled = [[seq for seq in per if seq] for per in groups]
    for use_up, use_down in passes:
        rng = range(len(layers)) if use_up and not use_down else range(len(layers) - 1, -1, -1)
        for k in rng:
            for seq in filled[k]:
                relax(seq, use_up, use_down)

    extents: list[tuple[float, float]] = []
    start = 0.0
    for lane in range(lane_count):
        members = [it for it in items if it.lane == lane]
        if members:
            lo = min(it.order - it.before for it in members)
            hi = max(it.order + it.after for it in members)
        else:
            lo = hi = 0.0
        size = hi - lo + 2 * cfg.lane_pad
        minimum = lane_min[lane] if lane < len(lane_min) else 0.0
        extra = max(0.0, minimum - size)
        shift = start + cfg.lane_pad + extra / 2 - lo
        for it in members:
            it.order += shift
        size = max(size, minimum)
        extents.append((start, start + size))
        start += size
    return extents


def _half(node: LNode, offset: float) -> float:
    """Rank distance from the node's centre to its outline at `offset` from the anchor."""
    half = node.attach if node.attach is not None else node.rank_size / 2
    if node.spread or abs(offset) < 0.01:
        return half
    if node.round:
        return float(max(0.0, half * half - offset * offset) ** 0.5)
    return half * max(0.0, 1 - abs(offset) / max(node.before, 1e-9))


def _ports(
    items: list[_Item],
    nodes: list[LNode],
    chains: list[list[int]],
    bundled: list[bool],
    reversed_edges: set[int],
) -> dict[tuple[int, int], float]:
    """Order-axis coordinate where each edge meets each item of its chain.

    A box spreads its edge ends along the side, ordered by where the other end lies, so they do
    not cross at the box; a symbol (gateway, event) gathers them at its anchor, and bundled edges
    (tree lines) share one slot.
    """
    ports: dict[tuple[int, int], float] = {}
    exits: dict[int, list[tuple[float, int]]] = {}
    entries: dict[int, list[tuple[float, int]]] = {}
    for k, chain in enumerate(chains):
        if not chain:
            continue
        for i in chain[1:-1]:
            ports[(k, i)] = items[i].order
        a, a2 = chain[0], chain[1]
        b, b2 = chain[-1], chain[-2]
        exits.setdefault(a, []).append((items[a2].order, k))
        entries.setdefault(b, []).append((items[b2].order, k))
    for table in (exits, entries):
        for i, ends in table.items():
            it = items[i]
            node = nodes[it.node]
            if not node.spread or len(ends) == 1:
                # A symbol gathers its forward ends at the anchor; loops coming back in (or
                # leaving) against the flow meet it just below, so they do not share the arrow.
                forward = any(k not in reversed_edges for _, k in ends)
                j = 0
                for _, k in ends:
                    if forward and k in reversed_edges and not node.spread:
                        j += 1
                        ports[(k, i)] = it.order + min(node.before - 4, 7.0 * j)
                    else:
                        ports[(k, i)] = it.order
                continue
            slots: dict[int, list[tuple[float, int]]] = {}
            for other, k in ends:
                slots.setdefault(-1 if bundled[k] else k, []).append((other, k))
            if len(slots) == 1:
                for _, k in ends:
                    ports[(k, i)] = it.order
                continue
            ordered = sorted(
                slots.values(),
                key=lambda group: (sum(o for o, _ in group) / len(group), group[0][1]),
            )
            lo = it.order - node.before + 6
            hi = it.order + node.after - 6
            step = (hi - lo) / (len(ordered) + 1)
            for j, group in enumerate(ordered):
                for _, k in group:
                    ports[(k, i)] = lo + step * (j + 1)
    return ports


def _straighten(
    items: list[_Item],
    layers: list[list[int]],
    chains: list[list[int]],
    ports: dict[tuple[int, int], float],
    cfg: Settings,
    lanes: list[tuple[float, float]],
) -> bool:
    """Move edge slots (dummies) level with the port they continue from, where there is room.

    Removes the small jogs left where a box spreads its edge ends along its side. Returns whether
    anything moved.
    """
    neighbours: dict[int, tuple[_Item | None, _Item | None]] = {}
    for lay in layers:
        for p, i in enumerate(lay):
            it = items[i]
            prev = items[lay[p - 1]] if p > 0 and items[lay[p - 1]].lane == it.lane else None
            nxt = (
                items[lay[p + 1]]
                if p + 1 < len(lay) and items[lay[p + 1]].lane == it.lane
                else None
            )
            neighbours[i] = (prev, nxt)

    def fits(it: _Item, o: float) -> bool:
        lo, hi = lanes[it.lane]
        if o - it.before < lo + cfg.dummy_gap or o + it.after > hi - cfg.dummy_gap:
            return False
        prev, nxt = neighbours[it.index]
        if (
            prev is not None
            and o - it.before < prev.order + prev.after + _gap(prev, it, cfg) - 0.01
        ):
            return False
        return not (
            nxt is not None and o + it.after > nxt.order - nxt.before - _gap(it, nxt, cfg) + 0.01
        )

    moved = False
    for k, chain in enumerate(chains):
        if len(chain) < 3:
            continue
        inner = chain[1:-1]
        for target_o in (ports[(k, chain[0])], ports[(k, chain[-1])]):
            if all(abs(items[i].order - target_o) < 0.01 for i in inner):
                break
            if all(fits(items[i], target_o) for i in inner):
                for i in inner:
                    items[i].order = target_o
                    ports[(k, i)] = target_o
                moved = True
                break
    # Then, left to right, move each item with a single incoming edge level with the port that
    # edge leaves from (a box's other ports move with it), so chains of boxes run straight.
    incoming: dict[int, list[tuple[int, int]]] = {}
    keys_of: dict[int, list[tuple[int, int]]] = {}
    for key in ports:
        keys_of.setdefault(key[1], []).append(key)
    for k, chain in enumerate(chains):
        for a, b in itertools.pairwise(chain):
            incoming.setdefault(b, []).append((k, a))
    for lay in layers:
        for i in lay:
            ins = incoming.get(i, [])
            if len(ins) != 1:
                continue
            k, a = ins[0]
            it = items[i]
            delta = ports[(k, a)] - ports[(k, i)]
            if abs(delta) < 0.01 or not fits(it, it.order + delta):
                continue
            it.order += delta
            for key in keys_of.get(i, []):
                ports[key] += delta
            moved = True
    return moved


def _tracks(
    segments: list[tuple[int, float, float, tuple[int, int, float]]],
) -> tuple[dict[int, int], int]:
    """Assign the vertical segments of one channel to tracks; returns {edge: track} and the count.

    Segments meeting at a symbol share a track (they fan out from one point). Overlapping groups
    get different tracks, ordered so that neighbours do not cross: among downward segments the one
    starting higher goes further right, among upward ones the one starting lower does.
    """
    groups: dict[tuple[int, int, float], list[float]] = {}
    for _k, o1, o2, key in segments:
        g = groups.get(key)
        if g is None:
            groups[key] = [min(o1, o2), max(o1, o2), o1, o2 - o1]
        else:
            g[0] = min(g[0], o1, o2)
            g[1] = max(g[1], o1, o2)
            g[3] += o2 - o1
    ordered = sorted(
        groups.items(),
        key=lambda kv: (0, -kv[1][2], kv[0]) if kv[1][3] > 0 else (1, kv[1][2], kv[0]),
    )
    slot: dict[tuple[int, int, float], int] = {}
    placed: list[tuple[float, float, int]] = []
    count = 0
    for key, (lo, hi, _start, _dir) in ordered:
        t = 0
        for plo, phi, pt in placed:
            if plo < hi + 2 and lo < phi + 2 and pt >= t:
                t = pt + 1
        placed.append((lo, hi, t))
        slot[key] = t
        count = max(count, t + 1)
    return {k: slot[key] for k, _o1, _o2, key in segments}, count


def _self_loop(item: _Item, node: LNode, edge: LEdge, cfg: Settings) -> Routed:
    r = item.rank
    half = node.attach if node.attach is not None else node.rank_size / 2
    top = item.order - node.before
    right = r + half
    top_loop = top - cfg.self_loop + 4
    start_o = top + min(10.0, (node.before + node.after) / 4)
    end_r = r + half / 2
    pts = [(right, start_o), (right + 10, start_o), (right + 10, top_loop), (end_r, top_loop)]
    pts.append((end_r, top))
    label_at = (r - 2, top_loop - 2) if edge.label_rank else None
    return Routed(pts, False, label_at, self_loop=True)


def _simplify(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drop repeated and collinear interior points."""
    out: list[tuple[float, float]] = []
    for p in points:
        if out and abs(out[-1][0] - p[0]) < 1e-9 and abs(out[-1][1] - p[1]) < 1e-9:
            continue
        if len(out) >= 2:
            a, b = out[-2], out[-1]
            if (abs(a[0] - b[0]) < 1e-9 and abs(b[0] - p[0]) < 1e-9) or (
                abs(a[1] - b[1]) < 1e-9 and abs(b[1] - p[1]) < 1e-9
            ):
                out[-1] = p
                continue
        out.append(p)
    return out
