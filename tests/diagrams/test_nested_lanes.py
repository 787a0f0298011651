"""Nested lanes in the swimlane diagram: a lane holding lanes is a title column spanning them."""

from __future__ import annotations

from checks import problems, well_formed

from tests.interchange.interchange_helpers import nested_lanes_bpmn
from verksam.diagrams import swimlane_diagram
from verksam.diagrams.svg import to_svg
from verksam.formats.bpmn import read_bpmn_bytes
from verksam.model import Lane, Node, validate


def test_the_outer_lane_spans_its_lanes_and_titles_them_on_the_left() -> None:
    case = read_bpmn_bytes(nested_lanes_bpmn()).case
    diagram = swimlane_diagram(case)
    assert problems(diagram) == []
    lanes = {lane.id: lane for lane in diagram.lanes}
    assert list(lanes) == ["social", "intake", "inquiry", "board"]  # outer before inner
    outer, intake, inquiry, board = (lanes[k] for k in ("social", "intake", "inquiry", "board"))
    assert outer.box.y == intake.box.y and outer.box.bottom == inquiry.box.bottom
    assert outer.header.right <= intake.header.x  # the inner titles sit right of the outer one
    assert intake.header.right == board.header.right  # every band's title ends in one column
    nodes = {n.id: n for n in diagram.nodes}
    assert intake.box.contains(nodes["t1"].box) and inquiry.box.contains(nodes["t2"].box)
    text = to_svg(diagram)
    well_formed(text)
    assert "Socialtj" in text and "Mottagning" in text


def test_a_lane_with_nodes_of_its_own_and_lanes_inside_gets_its_own_band() -> None:
    case = read_bpmn_bytes(nested_lanes_bpmn()).case
    variant = case.processes[0].variants[0]
    variant.nodes = [
        *variant.nodes,
        Node(id="t9", name="Fördela", lane="social"),
    ]
    diagram = swimlane_diagram(case)
    assert problems(diagram) == []
    ids = [lane.id for lane in diagram.lanes]
    assert ids == ["social", "social/own", "intake", "inquiry", "board"]
    own = diagram.lanes[1]
    assert own.box.contains(next(n for n in diagram.nodes if n.id == "t9").box)


def test_a_lane_inside_an_unknown_or_itself_is_a_problem() -> None:
    case = read_bpmn_bytes(nested_lanes_bpmn()).case
    variant = case.processes[0].variants[0]
    variant.lanes = [
        *variant.lanes[:3],
        Lane(id="board", name="Nämnden", parent="ghost"),
        Lane(id="x", parent="y"),
        Lane(id="y", parent="x"),
    ]
    codes = {(p.path.rpartition(".")[2], p.code) for p in validate(case)}
    assert ("parent", "unknown-reference") in codes and ("parent", "self-parent") in codes
    assert problems(swimlane_diagram(case)) == []  # still drawn (flat where it cannot nest)
