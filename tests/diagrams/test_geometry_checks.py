"""The geometry checker itself notices each kind of fault (so a clean result means something)."""

from __future__ import annotations

from tests.diagrams.checks import problems, segment_hits
from verksam.diagrams.geometry import Diagram, EdgeGeom, LaneGeom, NodeGeom, Rect
from verksam.diagrams.sheet import text_block


def _node(
    node_id: str, x: float, y: float, w: float = 100, h: float = 40, lane: str | None = None
) -> NodeGeom:
    r = Rect(x, y, w, h)
    return NodeGeom(
        node_id, "task", "round", r, r, [text_block(["Åtgärd"], x + w / 2, y + 10, 12)], lane
    )


def _sheet(
    nodes: list[NodeGeom], edges: list[EdgeGeom] | None = None, lanes: list[LaneGeom] | None = None
) -> Diagram:
    return Diagram(
        "t", "t", "t", "t", 1000, 1000, nodes=nodes, edges=edges or [], lanes=lanes or []
    )


def test_clean_sheet_has_no_problems() -> None:
    a, b = _node("a", 0, 0), _node("b", 200, 0)
    edge = EdgeGeom("a", "b", [(100, 20), (200, 20)])
    assert problems(_sheet([a, b], [edge])) == []


def test_overlapping_boxes_are_reported() -> None:
    assert any("overlap" in p for p in problems(_sheet([_node("a", 0, 0), _node("b", 50, 10)])))


def test_label_wider_than_its_box_is_reported() -> None:
    n = _node("a", 0, 0, w=20)
    assert any("leaves its box" in p for p in problems(_sheet([n])))


def test_edge_through_an_unrelated_box_is_reported() -> None:
    a, b, c = _node("a", 0, 0), _node("b", 400, 0), _node("c", 200, 0)
    edge = EdgeGeom("a", "b", [(100, 20), (400, 20)])
    assert any("crosses c" in p for p in problems(_sheet([a, b, c], [edge])))


def test_edge_touching_a_box_edge_is_not_a_crossing() -> None:
    assert not segment_hits((0, 0), (100, 0), Rect(10, 0, 20, 20))
    assert segment_hits((0, 10), (100, 10), Rect(10, 0, 20, 20))
    assert segment_hits((0, 0), (40, 40), Rect(10, 10, 5, 5))


def test_node_outside_its_lane_is_reported() -> None:
    lane = LaneGeom("l", Rect(0, 0, 500, 60), Rect(0, 0, 50, 60), text_block(["L"], 25, 20, 12))
    n = _node("a", 100, 40, lane="l")
    assert any("outside its lane" in p for p in problems(_sheet([n], lanes=[lane])))
