"""The table in docs/case-files.md of which pilot case exercises each element kind tells the truth."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from verksam.formats.casefile import load_case
from verksam.model import Case, Variant

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "case-files.md"
COLUMNS = {
    "Sorsele": "sorsele/case.yaml",
    "Bodø": "bodo/case.yaml",
    "Storuman": "storuman/case.yaml",
    "SI": "si/case.yaml",
    "Exempel": "storuman/other-municipality.yaml",
}


@cache
def example(name: str) -> Case | None:
    path = ROOT / "examples" / name
    return load_case(path) if path.is_file() else None


def variants(case: Case) -> list[Variant]:
    return [v for p in case.processes for v in p.variants]


def tasks(case: Case):
    return [n for v in variants(case) for n in v.nodes if n.type in ("task", "subprocess")]


def has_cycle(variant: Variant) -> bool:
    out: dict[str, list[str]] = {}
    for flow in variant.flows:
        out.setdefault(flow.source, []).append(flow.target)
    state: dict[str, int] = {}

    def visit(node: str) -> bool:
        state[node] = 1
        for nxt in out.get(node, []):
            if state.get(nxt) == 1 or (nxt not in state and visit(nxt)):
                return True
        state[node] = 2
        return False

    return any(node.id not in state and visit(node.id) for node in variant.nodes)


def shared_category(case: Case) -> bool:
    others = [c for c in map(example, COLUMNS.values()) if c is not None]
    mine = {p.category for p in case.processes if p.category}
    return any(
        mine & {p.category for p in other.processes} for other in others if other.id != case.id
    )


def to_be_shares_ids(case: Case) -> bool:
    for process in case.processes:
        ids = {v.kind: {n.id for n in v.nodes if n.type == "task"} for v in process.variants}
        if ids.get("as-is", set()) & ids.get("to-be", set()):
            return True
    return False


V = lambda c: c.vision  # noqa: E731
S = lambda c: c.structure  # noqa: E731
B = lambda c: c.benefits  # noqa: E731

PREDICATES: dict[str, Callable[[Case], bool]] = {
    "Vision statement": lambda c: bool(V(c) and V(c).statement),
    "Adoption date and adopting body": lambda c: bool(V(c) and V(c).adopted and V(c).adopted_by),
    "Goal hierarchy (overarching → operational → sub)": lambda c: bool(
        V(c) and any(g.parent for g in V(c).goals)
    ),
    "Qualitative goal": lambda c: bool(V(c) and any(g.kind == "qualitative" for g in V(c).goals)),
    "Quantitative goal (indicator, unit, baseline, target, deadline)": lambda c: bool(
        V(c)
        and any(
            g.kind == "quantitative" and g.indicator and g.unit and g.target is not None
            for g in V(c).goals
        )
    ),
    "Measurements over time": lambda c: bool(V(c) and any(g.measurements for g in V(c).goals)),
    "Goal–goal relation": lambda c: bool(V(c) and any(g.relations for g in V(c).goals)),
    "Problem blocking goals, with causes": lambda c: bool(
        V(c) and any(p.blocks for p in V(c).problems) and any(p.causes for p in V(c).problems)
    ),
    "Concept and association (conceptual model)": lambda c: bool(
        V(c) and V(c).concepts and V(c).associations
    ),
    "Effect goal → target group → need → deliverable": lambda c: bool(
        c.effect_map
        and c.effect_map.effect_goals
        and c.effect_map.target_groups
        and c.effect_map.needs
        and c.effect_map.deliverables
    ),
    "Organisation unit, nested": lambda c: bool(S(c) and any(u.parent for u in S(c).units)),
    "Role with FTE and cost per hour": lambda c: bool(
        S(c) and any(r.fte and r.cost_per_hour for r in S(c).roles)
    ),
    "Resource: people, physical, information, abstract": lambda c: bool(
        S(c)
        and {r.kind for r in S(c).resources} == {"people", "physical", "information", "abstract"}
    ),
    "IT system": lambda c: bool(S(c) and S(c).systems),
    "Information object": lambda c: bool(S(c) and S(c).information),
    "Process with goal, trigger, inputs, outputs, supplies, controls": lambda c: any(
        (p.goals or p.goal_text)
        and p.trigger
        and p.inputs
        and p.outputs
        and p.supplies
        and p.controls
        for p in c.processes
    ),
    "As-is variant": lambda c: any(v.kind == "as-is" for v in variants(c)),
    "To-be variant (same activity ids)": to_be_shares_ids,
    "Lane with role and blueprint stage": lambda c: any(
        lane.role and lane.stage for v in variants(c) for lane in v.lanes
    ),
    "Task with touch and waiting time, value-adding flag": lambda c: (
        any(n.touch_minutes and n.waiting_hours for n in tasks(c))
        and any(n.value_adding for n in tasks(c))
    ),
    "Task kinds (user, service, send)": lambda c: any(n.task_kind != "task" for n in tasks(c)),
    "Start and end events": lambda c: any(
        {"start", "end"} <= {n.type for n in v.nodes} for v in variants(c)
    ),
    "XOR split with probabilities": lambda c: any(
        f.probability is not None for v in variants(c) for f in v.flows
    ),
    "Rework loop": lambda c: any(has_cycle(v) for v in variants(c)),
    "AND split and join": lambda c: any(n.type == "and" for v in variants(c) for n in v.nodes),
    "Reads/writes of information, systems used (assembly line)": lambda c: any(
        (n.reads or n.writes) and n.systems for n in tasks(c)
    ),
    "Volume per year": lambda c: any(v.volume_per_year for v in variants(c)),
    "Annotation": lambda c: any(v.annotations for v in variants(c)),
    "Arrival pattern and duration distribution (simulation)": lambda c: (
        any(v.arrivals for v in variants(c)) and any(n.duration for n in tasks(c))
    ),
    "Working calendar with public holidays": lambda c: any(cal.holidays for cal in c.calendars),
    "Message flow between processes": lambda c: bool(c.message_flows),
    "Sequence diagram (participants, ordered messages, information handed over)": lambda c: bool(
        c.behaviour and any(any(m.information for m in s.messages) for s in c.behaviour.sequences)
    ),
    "State machine (states, transitions with event, guard, action)": lambda c: bool(
        c.behaviour and any(sm.transitions for sm in c.behaviour.state_machines)
    ),
    "Assumption (visible input)": lambda c: bool(B(c) and B(c).assumptions),
    "Benefit: derived from variants / from a formula": lambda c: bool(
        B(c) and any(b.derived_from or b.formula for b in B(c).benefits)
    ),
    "Cost, stakeholder, prerequisite, risk": lambda c: bool(
        B(c) and B(c).costs and B(c).stakeholders and B(c).prerequisites and B(c).risks
    ),
    "Change → effect → benefit (benefit map), alternative": lambda c: bool(
        B(c) and B(c).changes and B(c).effects and B(c).alternatives
    ),
    "Cost of one alternative only (`in_total: false`)": lambda c: bool(
        B(c) and any(not cost.in_total for cost in B(c).costs)
    ),
    "Evaluation of solutions: criteria, must/should requirements traced to goals, effects and "
    "steps, scored candidates": lambda c: bool(
        c.evaluation
        and c.evaluation.criteria
        and {r.priority for r in c.evaluation.requirements} == {"must", "should"}
        and any(r.goals and r.effects and r.steps for r in c.evaluation.requirements)
        and len(c.evaluation.candidates) >= 3
        and all(k.scores for k in c.evaluation.candidates)
    ),
    "Service declaration with measurable promise": lambda c: any(s.promise for s in c.services),
    "Cross-organisation comparison (`category`)": shared_category,
}


def table_rows() -> dict[str, list[bool]]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Element kinds and the pilot cases", 1)[1]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert header[1:] == list(COLUMNS)
    rows: dict[str, list[bool]] = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows[cells[0]] = [cell == "✓" for cell in cells[1:]]
    return rows


def test_every_row_of_the_table_is_checked():
    assert set(table_rows()) == set(PREDICATES)


@pytest.mark.parametrize("kind", list(PREDICATES))
def test_row_matches_the_examples(kind: str):
    cases = [example(f) for f in COLUMNS.values()]
    present = [case is not None and PREDICATES[kind](case) for case in cases]
    assert dict(zip(COLUMNS, table_rows()[kind], strict=True)) == dict(
        zip(COLUMNS, present, strict=True)
    )
