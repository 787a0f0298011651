"""Two independent computations agree: without parallel blocks, the lead time from the backward
expectation equals Σ expected visits × time per visit, and every case ends exactly once."""

from __future__ import annotations

import pytest
from analysis_builders import END, START, build_case, gate, task
from hypothesis import given, settings
from hypothesis import strategies as st


@st.composite
def looping_chains(draw):
    """start → t0 → g0 → t1 → g1 → … → end, each gate looping back to an earlier task."""
    n = draw(st.integers(min_value=1, max_value=6))
    nodes = [START, END]
    flows = [("start", "t0")]
    times = {}
    for i in range(n):
        minutes = draw(st.integers(min_value=0, max_value=120))
        waiting = draw(st.integers(min_value=0, max_value=48))
        nodes.append(task(f"t{i}", minutes, waiting_hours=waiting))
        times[f"t{i}"] = minutes / 60 + waiting
        nodes.append(gate(f"g{i}"))
        flows.append((f"t{i}", f"g{i}"))
        back = draw(st.floats(min_value=0.0, max_value=0.9))
        target = f"t{draw(st.integers(min_value=0, max_value=i))}"
        forward = f"t{i + 1}" if i + 1 < n else "end"
        if back > 0:
            flows += [(f"g{i}", target, back), (f"g{i}", forward, 1 - back)]
        else:
            flows.append((f"g{i}", forward))
    return build_case(nodes, flows), times


@settings(max_examples=60, deadline=None)
@given(looping_chains())
def test_lead_time_equals_visits_times_time(chain):
    from verksam.analysis import analyze

    case, times = chain
    m = analyze(case, "p")
    assert m.visits["end"] == pytest.approx(1.0)
    expected = sum(m.visits[node] * t for node, t in times.items())
    assert m.lead_hours == pytest.approx(expected, rel=1e-9, abs=1e-9)
    assert m.waiting_hours + m.critical_touch_hours == pytest.approx(m.lead_hours)
    assert 0 <= m.rework_share < 1
