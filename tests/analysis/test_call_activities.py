"""A call activity without times of its own runs the process it calls: its lead time, its work
for its own roles, nested calls too; processes calling each other in a circle are refused."""

from __future__ import annotations

import pytest
from analysis_builders import END, START, build_case, gate, task

from verksam.analysis import TOTAL, AnalysisError, analyze
from verksam.model import Flow, Lane, Node, Process, Variant


def called(process_id: str, minutes: float, waiting: float, calls: str | None = None) -> Process:
    nodes = [
        Node(id="start", type="start"),
        Node(id="work", touch_minutes=minutes, waiting_hours=waiting, lane="back"),
        Node(id="end", type="end"),
    ]
    flows = [Flow(source="start", target="work"), Flow(source="work", target="end")]
    if calls:
        nodes.insert(2, Node(id="deeper", type="subprocess", calls=calls, lane="back"))
        flows = [
            Flow(source="start", target="work"),
            Flow(source="work", target="deeper"),
            Flow(source="deeper", target="end"),
        ]
    return Process(
        id=process_id,
        variants=[
            Variant(id="as-is", lanes=[Lane(id="back", role="expert")], nodes=nodes, flows=flows)
        ],
    )


def main_case(*extra: Process):
    # main: register (clerk, 30 min) -> review (calls 'review', redone with p 0.5) -> end
    case = build_case(
        [
            START,
            task("register", 30),
            {"id": "review", "type": "subprocess", "calls": "review", "lane": "front"},
            gate("ok"),
            END,
        ],
        [("start", "register"), ("register", "review"), ("review", "ok"), ("ok", "review", 0.5),
         ("ok", "end", 0.5)],
        volume=1000,
    )  # fmt: skip
    case.processes.extend(extra)
    return case


def test_a_call_activity_takes_the_called_process_time_and_work():
    m = analyze(main_case(called("review", 60, 4)), "p")
    assert m.visits["review"] == pytest.approx(2.0)
    assert m.lead_hours == pytest.approx(0.5 + 2 * (1 + 4))
    assert m.touch_hours == pytest.approx(0.5 + 2 * 1)
    assert m.workload_hours["expert"] == pytest.approx(1000 * 2 * 1.0)
    assert m.workload_hours["clerk"] == pytest.approx(1000 * 0.5)
    assert m.cost[TOTAL] == pytest.approx(1000 * 0.5 * 600 + 2000 * 900)
    review = m.activity("review")
    assert review.calls == "review"
    assert review.workload_hours == pytest.approx(2000)


def test_nested_calls_attribute_work_to_the_innermost_roles():
    m = analyze(main_case(called("review", 60, 0, calls="legal"), called("legal", 30, 10)), "p")
    assert m.workload_hours["expert"] == pytest.approx(1000 * 2 * (1.0 + 0.5))
    assert m.lead_hours == pytest.approx(0.5 + 2 * (1 + 0.5 + 10))


def test_processes_calling_each_other_in_a_circle_are_refused():
    with pytest.raises(AnalysisError, match="already being analysed") as info:
        analyze(main_case(called("review", 60, 0, calls="p")), "p")
    assert info.value.element == "deeper"


def test_a_call_activity_with_its_own_times_keeps_them():
    case = main_case(called("review", 60, 4))
    case.processes[0].variants[0].node("review").touch_minutes = 15
    m = analyze(case, "p")
    assert m.workload_hours["clerk"] == pytest.approx(1000 * (0.5 + 2 * 0.25))
    assert "expert" not in m.workload_hours
