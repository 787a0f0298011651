"""A step list becomes a valid process variant whose analysis matches the hand formula, and back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verksam.analysis import analyze
from verksam.model import Case, Flow, Node, Process, Variant, validate
from verksam.model.steps import EventNames, Step, apply_steps, steps_of


def blank(volume: float = 1200) -> Case:
    variant = Variant(id="as-is", name="Nuläge", volume_per_year=volume)
    return Case(id="c", name="Färdtjänst", processes=[Process(id="p", variants=[variant])])


def variant_of(case: Case) -> Variant:
    return case.process("p").variant("as-is")


FARDTJANST = [
    Step("Ta emot ansökan", "Registrator", 5),
    Step("Registrera ansökan", "", 15),  # same role as the step above
    Step("Kontrollera att ansökan är komplett", "Handläggare", 6, back_to=1, back_share=0.3),
    Step("Hämta in läkarintyg", "", 20),
    Step("Utreda behovet", "Arbetsterapeut", 45),
    Step("Skriva utredning", "", 30),
    Step("Besluta", "Enhetschef", 10),
    Step("Meddela beslut", "", 10),
    Step("Registrera tillståndet", "Beställningscentral", 20),
    Step("Skicka färdtjänstkort", "", 10),
]


def test_the_fardtjanst_steps_give_3600_hours_and_2_11_fte_by_hand():
    case = apply_steps(blank(), "p", "as-is", FARDTJANST, EventNames("Ansökan kommer in", "Klart"))
    assert [p for p in validate(case) if p.severity == "error"] == []
    metrics = analyze(case, "p", "as-is")
    # By hand: 150 minutes done once, 15 + 6 minutes done 1 / (1 − 0.3) times, 1,200 a year.
    minutes = 5 + 20 + 45 + 30 + 10 + 10 + 20 + 10 + (15 + 6) / 0.7
    assert minutes == pytest.approx(180)
    assert metrics.workload_hours["registrator"] == pytest.approx((5 + 10 * 0 + 15 / 0.7) * 20)
    assert sum(metrics.workload_hours.values()) == pytest.approx(3600)
    assert metrics.fte["total"] == pytest.approx(3600 / 1704)
    assert round(metrics.fte["total"], 2) == 2.11


def test_start_and_end_events_and_lanes_per_role_are_made():
    case = apply_steps(blank(), "p", "as-is", FARDTJANST, EventNames("Ansökan kommer in", "Klart"))
    variant = variant_of(case)
    assert [n.name for n in variant.nodes if n.type in ("start", "end")] == [
        "Ansökan kommer in", "Klart",
    ]  # fmt: skip
    assert [lane.name for lane in variant.lanes] == [
        "Registrator", "Handläggare", "Arbetsterapeut", "Enhetschef", "Beställningscentral",
    ]  # fmt: skip
    assert case.structure is not None
    assert [r.id for r in case.structure.roles] == [lane.role for lane in variant.lanes]
    assert variant.node("registrera-ansokan").lane == "registrator"


def test_roles_already_in_the_case_are_reused_by_name():
    case = apply_steps(blank(), "p", "as-is", [Step("A", "Handläggare", 1)])
    case = apply_steps(case, "p", "as-is", [Step("A", "HANDLÄGGARE", 1), Step("B", "Chef", 2)])
    assert case.structure is not None
    assert [r.name for r in case.structure.roles] == ["Handläggare", "Chef"]


def test_rebuilding_keeps_node_ids_events_and_what_the_steps_do_not_say():
    case = apply_steps(blank(), "p", "as-is", FARDTJANST)
    variant = variant_of(case)
    renamed = [
        n.model_copy(update={"name": "Inkommen"}) if n.type == "start" else
        n.model_copy(update={"value_adding": True}) if n.id == "besluta" else n
        for n in variant.nodes
    ]  # fmt: skip
    case = case.model_copy(update={"processes": [case.process("p").model_copy(
        update={"variants": [variant.model_copy(update={"nodes": renamed})]})]})  # fmt: skip
    steps = steps_of(case, variant_of(case))
    assert steps is not None
    case = apply_steps(case, "p", "as-is", [s for s in steps if s.name != "Meddela beslut"])
    again = variant_of(case)
    assert again.nodes[0].name == "Inkommen"
    assert again.node("besluta").value_adding is True
    assert "meddela-beslut" not in {n.id for n in again.nodes}


def test_a_variant_drawn_with_a_parallel_split_is_not_read_as_steps():
    pairs = [("s", "a"), ("a", "x"), ("a", "y"), ("x", "e"), ("y", "e")]
    variant = Variant(
        id="as-is",
        nodes=[Node(id="s", type="start"), Node(id="a", type="and"), Node(id="x"), Node(id="y"),
               Node(id="e", type="end")],
        flows=[Flow(source=s, target=t) for s, t in pairs],
    )  # fmt: skip
    assert steps_of(blank(), variant) is None


def test_the_examples_step_shaped_or_not_never_break_the_reader(examples):
    from verksam.formats import load_case

    for path in sorted(examples.glob("*/case.yaml")):
        case = load_case(path, check=False)
        for process in case.processes:
            for variant in process.variants:
                steps = steps_of(case, variant)
                if steps is not None:  # what reads as steps rebuilds to the same flow
                    rebuilt = apply_steps(case, process.id, variant.id, steps)
                    assert analyze(rebuilt, process.id, variant.id).visits == pytest.approx(
                        analyze(case, process.id, variant.id).visits
                    )


# --- any step list ------------------------------------------------------------------------------
SHARES = st.one_of(st.none(), st.sampled_from([0.1, 0.25, 0.3, 0.5, 0.75, 0.9]))


@st.composite
def step_lists(draw: st.DrawFn) -> list[Step]:
    """Step lists whose loops nest or follow each other (overlapping loops have no product rule)."""
    count = draw(st.integers(min_value=0, max_value=8))
    loops: list[tuple[int, int]] = []
    steps = []
    for j in range(count):
        back_to = None
        if draw(st.booleans()):
            allowed = [i for i in range(j + 1) if not any(a < i <= b for a, b in loops)]
            back_to = draw(st.sampled_from(allowed))
            loops.append((back_to, j))
        steps.append(
            Step(
                name=draw(st.sampled_from(["Ta emot", "Granska", "Besluta", "Ta emot "])) + str(j),
                role=draw(st.sampled_from(["Registrator", "Handläggare", "Chef"])),
                touch_minutes=draw(st.sampled_from([0.0, 5.0, 12.5, 60.0])),
                share=draw(SHARES),
                back_to=back_to,
                back_share=draw(SHARES) if back_to is not None else None,
            )
        )
    return steps


def visits_by_hand(steps: list[Step]) -> list[float]:
    """Each step: its share × the expected passes of every loop around it, 1 / (1 − q × share of
    the step that sends back), q = 0.5 where the list gives no share (the even split assumed)."""
    out = []
    for k, step in enumerate(steps):
        visits = step.share if step.share is not None else 1.0
        for j, sender in enumerate(steps):
            if sender.back_to is not None and sender.back_to <= k <= j:
                q = sender.back_share if sender.back_share is not None else 0.5
                visits /= 1 - q * (sender.share if sender.share is not None else 1.0)
        out.append(visits)
    return out


@settings(max_examples=150, deadline=None)
@given(step_lists())
def test_any_step_list_maps_to_a_valid_variant_with_the_hand_formulas_visits(steps: list[Step]):
    case = apply_steps(blank(), "p", "as-is", steps)
    assert [str(p) for p in validate(case) if p.severity == "error"] == []
    variant = variant_of(case)
    read = steps_of(case, variant)
    assert read is not None
    assert [(s.name, s.role, s.share, s.back_to, s.back_share) for s in read] == [
        (s.name, s.role, s.share, s.back_to, s.back_share) for s in steps
    ]
    if not steps:
        return
    metrics = analyze(case, "p", "as-is")
    ids = [s.id for s in read]
    assert [metrics.visits[i] for i in ids] == pytest.approx(visits_by_hand(steps))
