"""With ample resources (no queueing), simulated touch and lead time match the static analysis.

The analysis solves the flow exactly (expected visits of the XOR loop, the longest AND branch); the
simulation samples it. The analytic figure must lie within the simulation's 95 % interval.
"""

import pytest

from tests.simulation.simulation_models import permit_case
from verksam.analysis import metrics as analysis
from verksam.simulation import simulate


@pytest.fixture(scope="module")
def pair():
    case = permit_case(capacity=None)
    exact = analysis.analyze(case, "permit")
    summary = simulate(case, "permit", cases=10_000, seed=8, replications=10)
    return exact, summary


def test_touch_time_matches_the_static_analysis(pair):
    exact, summary = pair
    assert summary["touch_hours"].contains(exact.touch_hours)


def test_lead_time_matches_the_static_analysis(pair):
    exact, summary = pair
    assert summary["cycle_time_hours"]["mean"].contains(exact.lead_hours)
    # Without resources nobody queues: lead time is work plus external waiting only.
    assert summary["queue_wait_hours"].value == 0.0


def test_expected_visits_of_the_rework_loop_match(pair):
    exact, summary = pair
    for activity in ("review", "ask", "decide"):
        assert summary["activities"][activity]["visits_per_case"].contains(exact.visits[activity])


def test_workload_per_role_matches_the_static_analysis(pair):
    exact, summary = pair
    for role in ("clerk", "officer"):
        per_case = exact.workload_hours[role] / exact.volume_per_year
        busy = summary["roles"][role]["busy_hours"]
        assert busy.low / 10_000 <= per_case <= busy.high / 10_000, role
