"""Diagrams: our own layout and deterministic SVG for every view of a case, and discovered maps.

`layout(case, view)` returns the geometry (absolute boxes, edge polylines, labels, lanes) and
`render(case, view)` the SVG. The same case always gives byte-identical output.
"""

from __future__ import annotations

from collections.abc import Callable

from verksam.diagrams.behaviour import sequence_diagram, states_diagram
from verksam.diagrams.ep import assembly_diagram, process_diagram
from verksam.diagrams.geometry import Diagram, EdgeGeom, LaneGeom, NodeGeom, Rect, TextBlock
from verksam.diagrams.maps import benefits_diagram, effects_diagram
from verksam.diagrams.organisation import stakeholders_diagram, structure_diagram
from verksam.diagrams.process_map import MapEdge, MapNode, process_map_diagram, render_process_map
from verksam.diagrams.svg import to_svg
from verksam.diagrams.swimlane import swimlane_diagram, swimlane_layout
from verksam.diagrams.vision import concepts_diagram, goals_diagram
from verksam.model import Case

_Builder = Callable[[Case, str | None, str | None], Diagram]

VIEWS: dict[str, _Builder] = {
    "goals": lambda c, i, v: goals_diagram(c),
    "concepts": lambda c, i, v: concepts_diagram(c),
    "effects": lambda c, i, v: effects_diagram(c),
    "structure": lambda c, i, v: structure_diagram(c),
    "process": lambda c, i, v: process_diagram(c, i),
    "swimlane": lambda c, i, v: swimlane_diagram(c, i, v),
    "blueprint": lambda c, i, v: swimlane_diagram(c, i, v, blueprint=True),
    "assembly": lambda c, i, v: assembly_diagram(c, i, v),
    "sequence": lambda c, i, v: sequence_diagram(c, i),
    "states": lambda c, i, v: states_diagram(c, i),
    "benefits": lambda c, i, v: benefits_diagram(c),
    "stakeholders": lambda c, i, v: stakeholders_diagram(c),
}
"""View name → builder(case, id, variant). `id` picks the process, sequence or state machine."""

ID_VIEWS = {"process", "swimlane", "blueprint", "assembly", "sequence", "states"}
VARIANT_VIEWS = {"swimlane", "blueprint", "assembly"}


class DiagramError(ValueError):
    """A view that cannot be drawn for this case (unknown view, id or variant)."""


def layout(case: Case, view: str, *, id: str | None = None, variant: str | None = None) -> Diagram:
    """The laid-out view: every node box, edge polyline, label and lane in absolute pixels.

    Raises DiagramError for an unknown view, or an id or variant the case does not have.
    """
    builder = VIEWS.get(view)
    if builder is None:
        raise DiagramError(f"unknown view {view!r}; choose one of: {', '.join(VIEWS)}")
    try:
        return builder(case, id, variant)
    except KeyError as exc:
        what = str(exc.args[0]) if exc.args else ""
        message = what if " " in what else f"the case has no {what!r} to draw"
        raise DiagramError(f"view {view!r}: {message}") from None


def render(case: Case, view: str, *, id: str | None = None, variant: str | None = None) -> str:
    """The view as a standalone SVG document (deterministic).

    Raises DiagramError for an unknown view, or an id or variant the case does not have.
    """
    return to_svg(layout(case, view, id=id, variant=variant))


def available_views(case: Case) -> list[tuple[str, str | None, str | None]]:
    """Every (view, id, variant) that has content in this case, for rendering a whole case."""
    out: list[tuple[str, str | None, str | None]] = []
    if case.vision and (case.vision.statement or case.vision.goals or case.vision.problems):
        out.append(("goals", None, None))
    if case.vision and case.vision.concepts:
        out.append(("concepts", None, None))
    if case.effect_map and case.effect_map.effect_goals:
        out.append(("effects", None, None))
    if case.structure and case.structure.units:
        out.append(("structure", None, None))
    for p in case.processes:
        out.append(("process", p.id, None))
        for v in p.variants:
            out.append(("swimlane", p.id, v.id))
            if any(lane.stage for lane in v.lanes):
                out.append(("blueprint", p.id, v.id))
            if any(n.reads or n.writes or n.systems for n in v.nodes):
                out.append(("assembly", p.id, v.id))
    if case.processes:
        out.append(("assembly", None, None))
    if case.behaviour:
        out += [("sequence", s.id, None) for s in case.behaviour.sequences]
        out += [("states", m.id, None) for m in case.behaviour.state_machines]
    if case.benefits and (case.benefits.benefits or case.benefits.changes):
        out.append(("benefits", None, None))
    if case.benefits and case.benefits.stakeholders:
        out.append(("stakeholders", None, None))
    return out


__all__ = [
    "VIEWS",
    "Diagram",
    "DiagramError",
    "EdgeGeom",
    "LaneGeom",
    "MapEdge",
    "MapNode",
    "NodeGeom",
    "Rect",
    "TextBlock",
    "available_views",
    "layout",
    "process_map_diagram",
    "render",
    "render_process_map",
    "swimlane_layout",
]
