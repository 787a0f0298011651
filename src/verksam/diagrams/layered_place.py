"""Layered layout, step 5: coordinates on the order axis by weighted isotonic regression.

Each item is pulled towards its neighbours in the adjacent layers while its layer keeps its order
and minimum gaps; lanes are then stacked as bands.
"""

from __future__ import annotations

from verksam.diagrams.layered_model import Settings, _Item


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
