"""Diagrams: our own layout and deterministic SVG for every view of a case, and discovered maps."""

from verksam.diagrams.process_map import MapEdge, MapNode, process_map_diagram, render_process_map
from verksam.diagrams.swimlane import swimlane_layout

__all__ = [
    "MapEdge",
    "MapNode",
    "process_map_diagram",
    "render_process_map",
    "swimlane_layout",
]
