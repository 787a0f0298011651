"""Time averages and per-case sums are two views of the same run, so they must agree exactly:
Little's law over the whole run (WIP × time = total time in the system) and, per role, queue
length × time = total waiting for that role."""

import pytest

from tests.simulation.simulation_models import permit_case, tandem_case
from verksam.simulation import compile_plan, simulate


def test_littles_law_holds_exactly_over_a_whole_run():
    summary = simulate(permit_case(capacity=1), "permit", cases=3_000, seed=4, replications=1)
    run = summary.runs[0]
    total_time_in_system = run.cycle.total
    assert run.wip_area == pytest.approx(total_time_in_system, rel=1e-9)
    throughput = run.extras["completed"] / run.horizon
    lead = run.cycle.mean
    assert summary["wip_mean"].value == pytest.approx(throughput * lead, rel=1e-9)


def test_queue_length_over_time_equals_the_waiting_of_the_cases():
    case = tandem_case(1.0, [(0.9, 1), (1.7, 2)])
    summary = simulate(case, "p", cases=5_000, seed=9, replications=1)
    run = summary.runs[0]
    node_ids = compile_plan(case, "p").node_ids
    for station in (0, 1):
        # Every visit of t{station} queues for role r{station} (pool number `station`).
        waited = run.node_queued[node_ids.index(f"t{station}")]
        assert run.pool_queue_area[station] == pytest.approx(waited, rel=1e-9)


def test_work_done_equals_the_busy_time_of_the_roles():
    summary = simulate(permit_case(capacity=2), "permit", cases=2_000, seed=2, replications=1)
    run = summary.runs[0]
    assert sum(run.pool_busy) == pytest.approx(run.touch_total, rel=1e-9)
    assert sum(run.node_work) == pytest.approx(run.touch_total, rel=1e-9)
