"""Geometry of a laid-out diagram: boxes, text blocks, edge polylines, lanes and decorations.

Every coordinate is absolute (pixels from the sheet's top-left corner), so the SVG writer, the tests
and the BPMN diagram-interchange exporter all read the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Point = tuple[float, float]
Anchor = Literal["start", "middle", "end"]


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def overlaps(self, other: Rect, eps: float = 0.01) -> bool:
        """True when the interiors overlap (touching edges do not count)."""
        return (
            self.x < other.right - eps
            and other.x < self.right - eps
            and self.y < other.bottom - eps
            and other.y < self.bottom - eps
        )

    def contains(self, other: Rect, eps: float = 0.01) -> bool:
        return (
            other.x >= self.x - eps
            and other.y >= self.y - eps
            and other.right <= self.right + eps
            and other.bottom <= self.bottom + eps
        )

    def shifted(self, dx: float, dy: float) -> Rect:
        return Rect(self.x + dx, self.y + dy, self.w, self.h)

    def grown(self, d: float) -> Rect:
        return Rect(self.x - d, self.y - d, self.w + 2 * d, self.h + 2 * d)


@dataclass(slots=True)
class TextBlock:
    """Lines of text; `x` is the anchor (left, centre or right per `anchor`), `y` the top."""

    lines: list[str]
    x: float
    y: float
    size: float = 12.0
    bold: bool = False
    italic: bool = False
    anchor: Anchor = "middle"
    tone: str = "text"  # palette key of the text colour
    rect: Rect = field(default_factory=lambda: Rect(0, 0, 0, 0))  # the measured extent

    def shifted(self, dx: float, dy: float) -> TextBlock:
        return TextBlock(
            self.lines,
            self.x + dx,
            self.y + dy,
            self.size,
            self.bold,
            self.italic,
            self.anchor,
            self.tone,
            self.rect.shifted(dx, dy),
        )


@dataclass(slots=True)
class NodeGeom:
    """A drawn element.

    `box` is the whole footprint (symbol and its label) that nothing else may overlap; `shape` is
    the symbol itself (a gateway's diamond, an event's circle; for boxes the same as `box`).
    `kind` is the semantic element type (task, xor, goal, ...), `symbol` the drawing to use.
    """

    id: str
    kind: str
    symbol: str
    box: Rect
    shape: Rect
    texts: list[TextBlock] = field(default_factory=list)
    lane: str | None = None
    fill: str = "task"  # palette key
    dashed: bool = False
    title: str = ""  # tooltip / accessible name
    extra: dict[str, float] = field(default_factory=dict)  # symbol details (compartment lines...)

    def shifted(self, dx: float, dy: float) -> NodeGeom:
        return NodeGeom(
            self.id,
            self.kind,
            self.symbol,
            self.box.shifted(dx, dy),
            self.shape.shifted(dx, dy),
            [t.shifted(dx, dy) for t in self.texts],
            self.lane,
            self.fill,
            self.dashed,
            self.title,
            {
                k: (v + dy if k.startswith("y") else v + dx if k.startswith("x") else v)
                for k, v in self.extra.items()
            },
        )


Marker = Literal["none", "arrow", "open", "triangle", "diamond", "diamond-filled", "dot"]


@dataclass(slots=True)
class EdgeGeom:
    """A connector: an orthogonal (or straight) polyline from `source` to `target`."""

    source: str
    target: str
    points: list[Point]
    kind: str = "flow"  # flow, back, message, achieve, supply, control, blocks, ...
    label: TextBlock | None = None
    width: float = 1.5
    dashed: bool = False
    tone: str = "edge"
    start: Marker = "none"
    end: Marker = "arrow"
    extra_labels: list[TextBlock] = field(default_factory=list)  # multiplicities etc.

    def shifted(self, dx: float, dy: float) -> EdgeGeom:
        return EdgeGeom(
            self.source,
            self.target,
            [(x + dx, y + dy) for x, y in self.points],
            self.kind,
            self.label.shifted(dx, dy) if self.label else None,
            self.width,
            self.dashed,
            self.tone,
            self.start,
            self.end,
            [t.shifted(dx, dy) for t in self.extra_labels],
        )


@dataclass(slots=True)
class LaneGeom:
    """A swimlane band: `box` holds the lane's nodes, `header` its title cell (inside `box`)."""

    id: str
    box: Rect
    header: Rect
    label: TextBlock
    group: str = ""  # service-blueprint stage

    def shifted(self, dx: float, dy: float) -> LaneGeom:
        return LaneGeom(
            self.id,
            self.box.shifted(dx, dy),
            self.header.shifted(dx, dy),
            self.label.shifted(dx, dy),
            self.group,
        )


@dataclass(slots=True)
class Decoration:
    """Anything drawn that is not a node or an edge: region backgrounds, separator lines, captions."""

    kind: Literal["rect", "line", "text"]
    rect: Rect | None = None
    points: list[Point] = field(default_factory=list)
    text: TextBlock | None = None
    fill: str = "none"
    stroke: str = "rule"
    dashed: bool = False
    width: float = 1.0

    def shifted(self, dx: float, dy: float) -> Decoration:
        return Decoration(
            self.kind,
            self.rect.shifted(dx, dy) if self.rect else None,
            [(x + dx, y + dy) for x, y in self.points],
            self.text.shifted(dx, dy) if self.text else None,
            self.fill,
            self.stroke,
            self.dashed,
            self.width,
        )


@dataclass(slots=True)
class LegendItem:
    symbol: str
    fill: str
    label: str
    dashed: bool = False
    tone: str = "edge"


@dataclass(slots=True)
class Diagram:
    """A finished sheet: content plus title, subtitle (the case) and legend, in absolute pixels."""

    view: str
    title: str
    subtitle: str
    description: str
    width: float = 0.0
    height: float = 0.0
    nodes: list[NodeGeom] = field(default_factory=list)
    edges: list[EdgeGeom] = field(default_factory=list)
    lanes: list[LaneGeom] = field(default_factory=list)
    decorations: list[Decoration] = field(default_factory=list)  # drawn under everything
    overlays: list[Decoration] = field(default_factory=list)  # drawn over lanes, under nodes
    legend: list[LegendItem] = field(default_factory=list)
    legend_nodes: list[NodeGeom] = field(default_factory=list)  # laid-out legend symbols
    legend_texts: list[TextBlock] = field(default_factory=list)
    legend_box: Rect | None = None
    header: list[TextBlock] = field(default_factory=list)
    content: Rect = field(default_factory=lambda: Rect(0, 0, 0, 0))

    def node(self, node_id: str) -> NodeGeom:
        """The node with this id. Raises KeyError if there is none."""
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)
