"""Shared building blocks of the views: sized node specs, and turning a layered layout into geometry.

A `NodeSpec` knows its footprint, its symbol inside the footprint and its text blocks relative to
its top-left corner; `graph` lays out specs and edge specs with the layered engine and returns
absolute node and edge geometry.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from verksam.diagrams import layered
from verksam.diagrams.geometry import EdgeGeom, Marker, NodeGeom, Rect, TextBlock
from verksam.diagrams.sheet import text_block
from verksam.diagrams.text import block_size, line_height, text_width, wrap

PAD_X = 10.0
WIDTH_STEP = 8.0
PAD_Y = 7.0


@dataclass(slots=True)
class Part:
    """One paragraph of a node's text."""

    text: str
    size: float = 12.0
    bold: bool = False
    italic: bool = False
    tone: str = "text"


@dataclass(slots=True)
class NodeSpec:
    id: str
    kind: str
    symbol: str
    fill: str
    w: float
    h: float
    shape: Rect  # relative to the footprint's top-left
    texts: list[TextBlock]  # relative to the footprint's top-left
    lane: int = 0
    min_layer: int = 0
    dashed: bool = False
    title: str = ""
    spread: bool = True
    extra: dict[str, float] = field(default_factory=dict)
    lane_id: str | None = None
    pinned: bool = False
    round: bool = False

    @property
    def anchor_y(self) -> float:
        return self.shape.cy

    @property
    def anchor_x(self) -> float:
        return self.shape.cx

    def at(self, x: float, y: float) -> NodeGeom:
        """The node with its footprint's top-left corner at (x, y)."""
        return NodeGeom(
            self.id,
            self.kind,
            self.symbol,
            Rect(x, y, self.w, self.h),
            self.shape.shifted(x, y),
            [t.shifted(x, y) for t in self.texts],
            self.lane_id,
            self.fill,
            self.dashed,
            self.title,
            {
                k: (v + y if k.startswith("y") else v + x if k.startswith("x") else v)
                for k, v in self.extra.items()
            },
        )


def lines_of(parts: list[Part], width: float) -> list[tuple[Part, list[str]]]:
    """Wrap each part; the box grows (up to 1.6 times) to fit its longest word before a word
    has to be split with a hyphen."""
    longest = max(
        (text_width(w, p.size, bold=p.bold) for p in parts for w in p.text.split()), default=0.0
    )
    width = max(width, min(longest + 1, width * 1.6))
    return [(p, wrap(p.text, width, p.size, bold=p.bold)) for p in parts if p.text.strip()]


def stack(
    wrapped: list[tuple[Part, list[str]]], cx: float, top: float, anchor: str = "middle"
) -> tuple[list[TextBlock], float]:
    """Text blocks one under the other from `top`; returns them and the bottom."""
    blocks: list[TextBlock] = []
    y = top
    for part, lines in wrapped:
        if not lines:
            continue
        t = text_block(
            lines,
            cx,
            y,
            part.size,
            bold=part.bold,
            italic=part.italic,
            anchor=anchor,
            tone=part.tone,
        )
        blocks.append(t)
        y = t.rect.bottom + 2
    return blocks, y - 2 if blocks else top


def measure(wrapped: list[tuple[Part, list[str]]]) -> tuple[float, float]:
    w = 0.0
    h = 0.0
    for part, lines in wrapped:
        bw, bh = block_size(lines, part.size, bold=part.bold)
        w = max(w, bw)
        h += bh + 2
    return w, max(0.0, h - 2)


def box(
    node_id: str,
    kind: str,
    parts: list[Part],
    *,
    symbol: str = "box",
    fill: str = "task",
    wrap_width: float = 150.0,
    min_w: float = 90.0,
    min_h: float = 40.0,
    pad_x: float = PAD_X,
    pad_y: float = PAD_Y,
    lane: int = 0,
    title: str = "",
    dashed: bool = False,
    align: str = "middle",
) -> NodeSpec:
    """A box-shaped node whose size fits its wrapped text (the text never overflows)."""
    # Symbols with slanted sides need more side room for the text to stay inside the outline.
    extra_x = {
        "process": 30.0,
        "hexagon": 14.0,
        "parallelogram": 12.0,
        "stadium": 10.0,
        "note": 5.0,
        "octagon": 4.0,
    }.get(symbol, 0.0)
    wrapped = lines_of(parts, wrap_width)
    tw, th = measure(wrapped)
    # In steps of WIDTH_STEP: a box keeps its size (and the diagram its layout) while a time or
    # a word in it is edited.
    w = max(min_w, math.ceil((tw + 2 * pad_x + 2 * extra_x) / WIDTH_STEP) * WIDTH_STEP)
    extra_y = {"document": 8.0, "cylinder": 16.0}.get(symbol, 0.0)
    h = max(min_h, th + 2 * pad_y + extra_y)
    top = (h - th - extra_y) / 2 + (extra_y * 0.75 if symbol == "cylinder" else 0.0)
    if align == "start":
        texts, _ = stack(wrapped, pad_x + extra_x, top, anchor="start")
    else:
        texts, _ = stack(wrapped, w / 2, top)
    return NodeSpec(
        node_id,
        kind,
        symbol,
        fill,
        w,
        h,
        Rect(0, 0, w, h),
        texts,
        lane,
        title=title,
        dashed=dashed,
    )


def symbol_with_label(
    node_id: str,
    kind: str,
    symbol: str,
    fill: str,
    size: float,
    label: str,
    *,
    wrap_width: float = 110.0,
    lane: int = 0,
    text_size: float = 11.0,
    title: str = "",
    beside: bool = False,
) -> NodeSpec:
    """A small symbol (gateway diamond, event circle) with its label underneath (or `beside` it,
    for top-to-bottom layouts where edges leave through the bottom)."""
    round_symbol = symbol in ("circle", "circle-bold", "circle-double", "dot", "bullseye")
    lines = wrap(label, wrap_width, text_size) if label.strip() else []
    tw, th = block_size(lines, text_size)
    if beside:
        w = size + (tw + 5 if lines else 0)
        h = max(size, th)
        shape = Rect(0, (h - size) / 2, size, size)
        texts = (
            [text_block(lines, size + 5, (h - th) / 2, text_size, anchor="start")] if lines else []
        )
        return NodeSpec(
            node_id,
            kind,
            symbol,
            fill,
            w,
            h,
            shape,
            texts,
            lane,
            title=title or label,
            spread=False,
            round=round_symbol,
        )
    w = max(size, tw + 4)
    h = size + (th + 3 if lines else 0)
    shape = Rect((w - size) / 2, 0, size, size)
    texts = [text_block(lines, w / 2, size + 3, text_size)] if lines else []
    return NodeSpec(
        node_id,
        kind,
        symbol,
        fill,
        w,
        h,
        shape,
        texts,
        lane,
        title=title or label,
        spread=False,
        round=round_symbol,
    )


@dataclass(slots=True)
class EdgeSpec:
    source: str
    target: str
    label: str = ""
    kind: str = "flow"
    tone: str = "edge"
    dashed: bool = False
    width: float = 1.5
    start: Marker = "none"
    end: Marker = "arrow"
    back_tone: str = "back"  # style of an edge drawn against the flow (a loop)
    back_dashed: bool = True
    label_size: float = 10.5
    label_tone: str = "text"
    source_label: str = ""  # near the source end (multiplicities)
    target_label: str = ""
    bundle: bool = False


def graph(
    specs: list[NodeSpec],
    edges: list[EdgeSpec],
    *,
    direction: layered.Direction = "LR",
    lane_count: int = 1,
    lane_min: list[float] | None = None,
    settings: layered.Settings | None = None,
    offset: tuple[float, float] = (0.0, 0.0),
    label_width: float = 140.0,
) -> tuple[list[NodeGeom], list[EdgeGeom], layered.LayeredResult]:
    """Lay out nodes and edges; coordinates start at `offset` (the content's origin)."""
    lr = direction == "LR"
    lnodes = []
    for s in specs:
        if lr:
            lnodes.append(
                layered.LNode(
                    s.id,
                    s.w,
                    s.anchor_y,
                    s.h - s.anchor_y,
                    s.lane,
                    s.min_layer,
                    s.spread,
                    s.shape.w / 2,
                    s.pinned,
                    s.round,
                )
            )
        else:
            lnodes.append(
                layered.LNode(
                    s.id,
                    s.h,
                    s.anchor_x,
                    s.w - s.anchor_x,
                    s.lane,
                    s.min_layer,
                    s.spread,
                    s.shape.h / 2,
                    s.pinned,
                    s.round,
                )
            )
    label_lines: list[list[str]] = []
    ledges = []
    for e in edges:
        lines = wrap(e.label, label_width, e.label_size) if e.label.strip() else []
        label_lines.append(lines)
        lw, lh = block_size(lines, e.label_size)
        if lines:
            lw += 4
        ledges.append(
            layered.LEdge(e.source, e.target, lw if lr else lh, lh if lr else lw, bundle=e.bundle)
        )
    res = layered.layout(
        lnodes,
        ledges,
        direction=direction,
        lane_count=lane_count,
        lane_min=lane_min,
        settings=settings,
    )
    ox, oy = offset
    by_id = {s.id: s for s in specs}
    geoms: list[NodeGeom] = []
    for s in specs:
        p = res.nodes[s.id]
        if lr:
            geoms.append(s.at(ox + p.rank - s.w / 2, oy + p.order - s.anchor_y))
        else:
            geoms.append(s.at(ox + p.order - s.anchor_x, oy + p.rank - s.h / 2))
    out: list[EdgeGeom] = []
    for e, routed, lines in zip(edges, res.edges, label_lines, strict=True):
        pts = [(x + ox, y + oy) for x, y in routed.points]
        back = routed.reversed
        label = None
        if lines and routed.label_at is not None:
            lx, ly = routed.label_at[0] + ox, routed.label_at[1] + oy
            lh = len(lines) * line_height(e.label_size)
            if lr:
                label = text_block(lines, lx, ly - 3 - lh, e.label_size, tone=e.label_tone)
            else:
                label = text_block(
                    lines, lx - 5, ly - lh / 2, e.label_size, anchor="end", tone=e.label_tone
                )
        elif lines:
            # Edges between adjacent layers have no label slot: put it on the longest
            # segment's free side (only happens with fixed layers).
            label = _label_on_segment(pts, lines, e.label_size, e.label_tone)
        extra = []
        if e.source_label:
            extra.append(_end_label(pts[0], pts[1], e.source_label, by_id[e.source]))
        if e.target_label:
            extra.append(_end_label(pts[-1], pts[-2], e.target_label, by_id[e.target]))
        out.append(
            EdgeGeom(
                e.source,
                e.target,
                pts,
                e.kind if not back else f"{e.kind}-back",
                label,
                e.width,
                e.back_dashed if back else e.dashed,
                e.back_tone if back else e.tone,
                e.start,
                e.end,
                extra,
            )
        )
    return geoms, out, res


def _label_on_segment(
    pts: list[tuple[float, float]], lines: list[str], size: float, tone: str
) -> TextBlock:
    best = max(
        range(len(pts) - 1),
        key=lambda i: abs(pts[i + 1][0] - pts[i][0]) + abs(pts[i + 1][1] - pts[i][1]),
    )
    (x1, y1), (x2, y2) = pts[best], pts[best + 1]
    lh = len(lines) * line_height(size)
    if abs(y1 - y2) < 0.01:
        return text_block(lines, (x1 + x2) / 2, y1 - 3 - lh, size, tone=tone)
    return text_block(lines, x1 + 5, (y1 + y2) / 2 - lh / 2, size, anchor="start", tone=tone)


def _end_label(
    end: tuple[float, float], nxt: tuple[float, float], text: str, spec: NodeSpec
) -> TextBlock:
    """A short label (a multiplicity) beside an edge end, on the side away from the line."""
    size = 10.0
    w = text_width(text, size)
    lh = line_height(size)
    x, y = end
    if abs(nxt[0] - x) < 0.01:  # vertical end
        down = nxt[1] > y
        top = y + 3 if down else y - 3 - lh
        return text_block([text], x + 4, top, size, anchor="start")
    right = nxt[0] > x
    left = x + 4 if right else x - 4 - w
    return text_block([text], left, y - 2 - lh, size, anchor="start")
