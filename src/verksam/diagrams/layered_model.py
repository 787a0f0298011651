"""Data of the layered layout engine: its input nodes and edges, its settings and its results.

An *item* is a node or a dummy (an edge's slot in a layer it crosses); see `layered` for the terms.
"""

from __future__ import annotations

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
