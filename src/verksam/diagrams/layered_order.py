"""Layered layout, steps 1 to 4: break cycles, assign layers and order each layer.

Cycles are broken by reversing depth-first back edges, layers come from longest paths, and each
layer is ordered by barycentre sweeps and neighbour swaps that reduce edge crossings.
"""

from __future__ import annotations

from verksam.diagrams.layered_model import LEdge, LNode, _Item


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
