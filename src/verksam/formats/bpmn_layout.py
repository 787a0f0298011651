"""Positions for BPMN diagram interchange: node boxes, flow waypoints and lane bands of one variant.

The BPMN and ArchiMate exporters ask this adapter, never a layout engine of their own. It takes the
swimlane layout of `verksam.diagrams` (the same positions as Verksam's own process diagrams) and
falls back to a plain deterministic grid (columns by the longest path from a start, one band per
lane) only for a flow the engine cannot draw, so a file always gets a complete diagram.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from verksam.model import Case, Process, Variant

Point = tuple[float, float]

SIZES: dict[str, tuple[float, float]] = {
    "task": (100.0, 80.0),
    "subprocess": (100.0, 80.0),
    "start": (36.0, 36.0),
    "end": (36.0, 36.0),
    "event": (36.0, 36.0),
    "xor": (50.0, 50.0),
    "and": (50.0, 50.0),
    "or": (50.0, 50.0),
    "event-gateway": (50.0, 50.0),
}
HEADER = 30.0  # width of a pool's or lane's title band
COLUMN = 150.0
ROW = 120.0
MARGIN = 40.0


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@dataclass
class Layout:
    """One variant drawn with its top-left corner at (0, 0); the pool's title band is at x < HEADER."""

    nodes: dict[str, Box] = field(default_factory=dict)
    edges: dict[int, list[Point]] = field(default_factory=dict)  # flow index -> waypoints
    lanes: dict[str, Box] = field(default_factory=dict)
    width: float = 0.0
    height: float = 0.0
    engine: str = "grid"


def _columns(variant: Variant) -> dict[str, int]:
    """Column of each node: the longest path from a start, ignoring flows that close a loop."""
    order = [n.id for n in variant.nodes if n.attached_to is None]
    succ: dict[str, list[str]] = {n: [] for n in order}
    for flow in variant.flows:
        if flow.source in succ and flow.target in succ:
            succ[flow.source].append(flow.target)
    hosts = {n.id: n.attached_to for n in variant.nodes if n.attached_to is not None}
    for boundary, host in hosts.items():
        for flow in variant.flows:
            if flow.source == boundary and flow.target in succ and host in succ:
                succ[host].append(flow.target)
    # Depth-first search marks back edges so loops do not push columns to infinity.
    state: dict[str, int] = {}
    back: set[tuple[str, str]] = set()
    roots = [n.id for n in variant.nodes if n.type == "start" and n.id in succ] + order
    for root in roots:
        if root in state:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        state[root] = 1
        while stack:
            node, i = stack.pop()
            if i < len(succ[node]):
                stack.append((node, i + 1))
                nxt = succ[node][i]
                if state.get(nxt) == 1:
                    back.add((node, nxt))
                elif nxt not in state:
                    state[nxt] = 1
                    stack.append((nxt, 0))
            else:
                state[node] = 2
    column = dict.fromkeys(order, 0)
    indegree = dict.fromkeys(order, 0)
    for node in order:
        for nxt in succ[node]:
            if (node, nxt) not in back:
                indegree[nxt] += 1
    ready = [n for n in order if indegree[n] == 0]
    while ready:
        node = ready.pop(0)
        for nxt in succ[node]:
            if (node, nxt) in back:
                continue
            column[nxt] = max(column[nxt], column[node] + 1)
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
    return column


def grid_layout(case: Case, process: Process, variant: Variant) -> Layout:
    """Deterministic grid: a column per step along the flow, a band per lane, rows within a band."""
    del case, process  # the grid needs only the flow
    column = _columns(variant)
    lane_ids = [lane.id for lane in variant.lanes]
    bands: list[str | None] = [*lane_ids]
    if not lane_ids or any(n.lane is None for n in variant.nodes if n.attached_to is None):
        bands.append(None)
    rows: dict[tuple[str | None, int], int] = {}
    slot: dict[str, tuple[int, int]] = {}
    for node in variant.nodes:
        if node.attached_to is not None:
            continue
        band = node.lane if node.lane in lane_ids else None
        key = (band, column[node.id])
        slot[node.id] = (bands.index(band), rows.get(key, 0))
        rows[key] = rows.get(key, 0) + 1
    band_rows = [max([r + 1 for (b, _), r in rows.items() if b == band] or [1]) for band in bands]
    band_top = [sum(band_rows[:i]) * ROW for i in range(len(bands))]
    ncols = max(column.values(), default=0) + 1
    width = HEADER * 2 + MARGIN + ncols * COLUMN
    layout = Layout(width=width, height=sum(band_rows) * ROW)
    for i, band in enumerate(bands):
        if band is not None:
            layout.lanes[band] = Box(HEADER, band_top[i], width - HEADER, band_rows[i] * ROW)
    for node in variant.nodes:
        if node.id not in slot:
            continue
        b, r = slot[node.id]
        w, h = SIZES.get(node.type, (100.0, 80.0))
        cx = HEADER * 2 + MARGIN + column[node.id] * COLUMN + 50
        cy = band_top[b] + r * ROW + ROW / 2
        layout.nodes[node.id] = Box(cx - w / 2, cy - h / 2, w, h)
    place_boundary_events(variant, layout)
    route_flows(variant, layout)
    return layout


def place_boundary_events(variant: Variant, layout: Layout) -> None:
    """Boundary events sit on their activity's lower edge, spread from the right."""
    count: dict[str, int] = {}
    for node in variant.nodes:
        host = layout.nodes.get(node.attached_to or "")
        if host is None:
            continue
        i = count.get(node.attached_to or "", 0)
        count[node.attached_to or ""] = i + 1
        w, h = SIZES["event"]
        layout.nodes[node.id] = Box(
            host.x + host.w - 28 - i * 40 - w / 2, host.y + host.h - h / 2, w, h
        )


def route_flows(variant: Variant, layout: Layout) -> None:
    """Orthogonal waypoints for flows the engine did not route (right side out, left side in)."""
    boundary = {n.id for n in variant.nodes if n.attached_to is not None}
    for i, flow in enumerate(variant.flows):
        if i in layout.edges:
            continue
        a, b = layout.nodes.get(flow.source), layout.nodes.get(flow.target)
        if a is None or b is None:
            continue
        if flow.source in boundary:
            start = (a.cx, a.y + a.h)
            end = (b.x, b.cy)
            layout.edges[i] = [start, (start[0], end[1]), end]
        elif b.x > a.x + a.w:
            start, end = (a.x + a.w, a.cy), (b.x, b.cy)
            mid = (start[0] + end[0]) / 2
            layout.edges[i] = (
                [start, end] if start[1] == end[1] else [start, (mid, start[1]), (mid, end[1]), end]
            )
        else:
            # Backwards (a loop) or same column: leave below and come back from below.
            low = max(a.y + a.h, b.y + b.h) + 20
            start, end = (a.cx, a.y + a.h), (b.cx, b.y + b.h)
            layout.edges[i] = [start, (start[0], low), (end[0], low), end]


def engine_layout(case: Case, process: Process, variant: Variant) -> Layout | None:
    """The diagram engine's swimlane layout moved into pool coordinates; None if it cannot draw it.

    The engine's task boxes, gateway diamonds and event circles become the BPMN shapes and its
    polylines the flows' waypoints. Boundary events, which the swimlane view does not draw, are
    placed on their activity here, and their flows routed by `route_flows`.
    """
    try:
        from verksam.diagrams import swimlane_layout
    except ImportError:
        return None
    try:
        diagram = swimlane_layout(case, process.id, variant.id)
    except Exception:  # an engine that cannot draw an unusual imported flow: use the grid
        return None
    shapes = {n.id: n.shape for n in diagram.nodes}
    if any(n.id not in shapes for n in variant.nodes if n.attached_to is None):
        return None
    # The engine draws a band for lane-less nodes too; only the variant's own lanes are BPMN lanes.
    lane_ids = {lane.id for lane in variant.lanes}
    bands = [lane for lane in diagram.lanes if lane.id in lane_ids]
    if bands:
        dx = HEADER - min(lane.box.x for lane in diagram.lanes)
        dy = -min(lane.box.y for lane in diagram.lanes)
        right = max(lane.box.right for lane in diagram.lanes) + dx
        bottom = max(lane.box.bottom for lane in diagram.lanes) + dy
    else:
        placed = [shapes[n.id] for n in variant.nodes if n.id in shapes]
        dx = HEADER * 2 + MARGIN / 2 - min((r.x for r in placed), default=0.0)
        dy = MARGIN - min((r.y for r in placed), default=0.0)
        right = max((r.right for r in placed), default=0.0) + dx + MARGIN
        bottom = max((r.bottom for r in placed), default=0.0) + dy + MARGIN
    layout = Layout(width=right, height=bottom, engine="diagrams")
    for lane in bands:
        b = lane.box
        layout.lanes[lane.id] = Box(b.x + dx, b.y + dy, b.w, b.h)
    for node in variant.nodes:
        if node.attached_to is None:
            r = shapes[node.id]
            layout.nodes[node.id] = Box(r.x + dx, r.y + dy, r.w, r.h)
    routes: dict[tuple[str, str], list[list[Point]]] = {}
    for edge in diagram.edges:
        points = [(x + dx, y + dy) for x, y in edge.points]
        routes.setdefault((edge.source, edge.target), []).append(points)
    for i, flow in enumerate(variant.flows):
        queue = routes.get((flow.source, flow.target))
        if queue and len(queue[0]) >= 2:
            layout.edges[i] = queue.pop(0)
    place_boundary_events(variant, layout)
    route_flows(variant, layout)
    return layout


def layout_variant(case: Case, process: Process, variant: Variant) -> Layout:
    """The layout of one variant, from the diagram engine when it can draw it, else the grid."""
    return engine_layout(case, process, variant) or grid_layout(case, process, variant)
