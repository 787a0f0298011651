"""Layered layout, step 6: orthogonal edge routing.

Edge ends get ports along their node's side, edge slots are straightened where there is room, and
the vertical segments in each channel between layers get tracks of their own.
"""

from __future__ import annotations

import itertools

from verksam.diagrams.layered_model import LEdge, LNode, Routed, Settings, _Item
from verksam.diagrams.layered_place import _gap


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
