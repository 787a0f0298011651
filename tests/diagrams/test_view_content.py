"""Each view puts things where its method says: levels, columns, quadrants, order, labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from verksam.diagrams import Diagram, layout, render
from verksam.formats import load_case
from verksam.model import Case

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "bygglov.yaml"


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case(FIXTURE)


def _texts(d: Diagram, node_id: str) -> str:
    return " ".join(line for t in d.node(node_id).texts for line in t.lines)


def test_goal_tree_levels_problems_and_causes(case: Case) -> None:
    d = layout(case, "goals")
    vision, top, tid = d.node("_vision"), d.node("g-top"), d.node("g-tid")
    assert vision.box.bottom < top.box.y < top.box.bottom < tid.box.y
    assert d.node("p-kompl").box.y > tid.box.bottom  # the problem under the goal it blocks
    assert d.node("p-info").box.y > d.node("p-kompl").box.bottom  # its cause under it
    assert "62 procent → 95 procent" in _texts(d, "g-tid")
    assert "kompletterar: Beslut inom tio veckor" in _texts(d, "g-bemotande")
    blocks = next(e for e in d.edges if e.kind.startswith("blocks"))
    assert blocks.dashed and (blocks.source, blocks.target) == ("g-tid", "p-kompl")


def test_swimlane_lanes_in_model_order_with_probabilities_and_a_loop(case: Case) -> None:
    d = layout(case, "swimlane", id="bygglov", variant="as-is")
    assert [lane.id for lane in d.lanes] == ["l-sok", "l-kc", "l-handl", "l-insp", "l-lm"]
    tops = [lane.box.y for lane in d.lanes]
    assert tops == sorted(tops)
    labels = {(e.source, e.target): e.label.lines[0] for e in d.edges if e.label}
    assert labels[("gw1", "kompl")] == "Nej · 40 %"
    assert labels[("gw1", "split")] == "Ja · 60 %"
    back = [e for e in d.edges if e.kind == "flow-back"]
    assert [(e.source, e.target) for e in back] == [("vanta", "check")]
    # left to right: start before the first activity before the decision
    assert d.node("start").box.right < d.node("reg").box.x < d.node("check").box.x
    assert d.node("vanta").symbol == "circle-double"


def test_blueprint_groups_lanes_by_stage_and_draws_the_three_lines(case: Case) -> None:
    d = layout(case, "blueprint", id="bygglov")
    assert [lane.group for lane in d.lanes] == [
        "citizen", "front-stage", "back-stage", "back-stage", "support",
    ]  # fmt: skip
    svg = render(case, "blueprint", id="bygglov")
    for line in ("interaktionslinje", "synlighetslinje", "intern interaktionslinje"):
        assert line in svg


def test_ep_process_diagram_places_goal_inputs_outputs_and_resources(case: Case) -> None:
    d = layout(case, "process", id="bygglov")
    p = d.node("process:bygglov").box
    assert d.node("goal:g-tid").box.bottom < p.y
    assert d.node("input:i-ansokan").box.right < p.x
    assert d.node("event:trigger").box.right < p.x
    assert d.node("output:i-beslut").box.x > p.right
    assert d.node("supply:r-handl").box.y > p.bottom
    assert d.node("control:r-pbl").box.y > p.bottom
    kinds = {e.kind for e in d.edges}
    assert {"achieve", "input", "output", "supply", "control", "trigger"} <= kinds
    assert d.node("input:i-ansokan").symbol == "document"
    assert d.node("supply:s-karta").symbol == "cylinder"


def test_assembly_line_references_sit_in_their_lanes(case: Case) -> None:
    d = layout(case, "assembly")
    marks = {n.id: _texts(d, n.id) for n in d.nodes if n.kind == "reference"}
    assert marks["ref:bygglov:i-ansokan"] == "läser / skriver"
    assert marks["ref:bygglov:i-beslut"] == "skriver"
    assert marks["ref:tillsyn:s-karta"] == "använder"


def test_sequence_numbers_messages_top_to_bottom_with_handover(case: Case) -> None:
    d = layout(case, "sequence")
    ys = [e.points[0][1] for e in d.edges]
    assert ys == sorted(ys)
    assert d.edges[0].label is not None and d.edges[0].label.lines[0] == "1. Ansökan"
    extra = [line for e in d.edges for t in e.extra_labels for line in t.lines]
    assert "[ritningar och blanketter]" in extra
    assert "[Ansökan]" in extra  # the information object's name when no handover text is given
    reply = next(e for e in d.edges if e.kind == "reply")
    assert reply.dashed


def test_state_machine_starts_at_the_initial_state(case: Case) -> None:
    d = layout(case, "states")
    assert d.node("s0").box.x == min(n.box.x for n in d.nodes)
    assert d.node("sf").box.right == max(n.box.right for n in d.nodes)
    labels = [e.label.lines[0] for e in d.edges if e.label]
    assert "kontroll klar [alla bilagor]" in labels


def test_effect_map_columns_run_why_who_what_how(case: Case) -> None:
    d = layout(case, "effects")
    xs = [d.node(i).box.x for i in ("eg1", "tg1", "n1", "d1")]
    assert xs == sorted(xs) and len(set(xs)) == 4


def test_benefit_map_columns_and_dis_benefit_shape(case: Case) -> None:
    d = layout(case, "benefits")
    assert d.node("ch1").box.right < d.node("ef1").box.x
    assert d.node("ef1").box.right < d.node("b1").box.x
    assert d.node("b1").box.right < d.node("goal:g-tid").box.x
    assert d.node("pr1").box.right < d.node("ef1").box.x  # prerequisites beside the changes
    assert d.node("b3").symbol == "octagon"


def test_stakeholder_grid_puts_power_up_and_interest_right(case: Case) -> None:
    d = layout(case, "stakeholders")
    nämnd, sökande, it, lm = (d.node(i).box for i in ("sh2", "sh1", "sh4", "sh5"))
    assert nämnd.y < sökande.y and it.y < lm.y  # high power above low power
    assert nämnd.x > it.x and sökande.x > lm.x  # high interest right of low interest
    assert "0 → +" in _texts(d, "sh2")
    assert d.node("sh3").symbol == "octagon" and d.node("sh1").symbol == "stadium"


def test_organisation_chart_children_below_parents_with_roles(case: Case) -> None:
    d = layout(case, "structure")
    assert (
        d.node("ks").box.bottom
        < d.node("sbf").box.y
        < d.node("sbf").box.bottom
        < d.node("bygg").box.y
    )
    # A Swedish case: decimal comma and the Swedish word for FTE
    assert "Bygglovshandläggare · 4,5 årsarbetare" in _texts(d, "bygg")
    assert d.node("lm").dashed


def test_conceptual_model_draws_uml_markers(case: Case) -> None:
    d = layout(case, "concepts")
    by = {(e.source, e.target): e for e in d.edges}
    assert by[("c-handling", "c-ritning")].start == "triangle"
    assert d.node("c-handling").box.bottom < d.node("c-ritning").box.y  # general above specific
    assert by[("c-ansokan", "c-handling")].start == "diamond-filled"
    assert [t.lines[0] for t in by[("c-sokande", "c-ansokan")].extra_labels] == ["1", "0..*"]


def test_boundary_event_follows_its_activity_dashed_when_non_interrupting(case: Case) -> None:
    d = layout(case, "swimlane", id="bygglov")
    event, host = d.node("pamin"), d.node("plat")
    assert event.dashed and event.box.x > host.box.right
    tie = next(e for e in d.edges if e.kind == "attached")
    assert (tie.source, tie.target) == ("plat", "pamin") and tie.end == "none"
    assert "throw" in d.node("end2").extra
