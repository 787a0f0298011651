"""Rework (visits beyond the first) when a loop contains parallel branches.

A visit inside a parallel branch is one token of several; the first-visit count must treat the
join as firing once when that token arrives. Checked by hand and against the simulation's event
log over random nested loop/AND/XOR structures.
"""

from __future__ import annotations

import polars as pl
import pytest
from analysis_builders import END, START, build_case, gate, task
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from process_trees import case_of, trees

from verksam.analysis import analyze
from verksam.simulation import simulate


def loop_around_parallel_pair(back: float):
    """start → merge → AND(b1, b2) → check: back to merge with `back`, else end."""
    nodes = [
        START, gate("m"), gate("s", "and"), task("b1", 10), task("b2", 10, lane="back"),
        gate("j", "and"), gate("c"), END,
    ]  # fmt: skip
    flows = [
        ("start", "m"), ("m", "s"), ("s", "b1"), ("s", "b2"), ("b1", "j"), ("b2", "j"),
        ("j", "c"), ("c", "m", back), ("c", "end", 1 - back),
    ]  # fmt: skip
    return build_case(nodes, flows)


def test_a_loop_around_a_parallel_block_counts_each_pass_after_the_first_as_rework():
    m = analyze(loop_around_parallel_pair(0.2), "p")
    # Each branch is visited 1 / (1 - 0.2) = 1.25 times per case, once for the first time.
    assert m.rework_visits == pytest.approx(2 * (1.25 - 1))
    assert m.rework_share == pytest.approx(0.5 / 2.5)
    for activity in m.activities:
        assert activity.rework_visits == pytest.approx(0.25)


def test_a_loop_inside_one_branch_is_rework_of_that_branch_only():
    nodes = [
        START, gate("s", "and"), gate("m"), task("b1", 10), gate("c"), task("b2", 10),
        gate("j", "and"), END,
    ]  # fmt: skip
    flows = [
        ("start", "s"), ("s", "m"), ("m", "b1"), ("b1", "c"), ("c", "m", 0.5),
        ("c", "j", 0.5), ("s", "b2"), ("b2", "j"), ("j", "end"),
    ]  # fmt: skip
    m = analyze(build_case(nodes, flows), "p")
    rework = {a.id: a.rework_visits for a in m.activities}
    assert rework == pytest.approx({"b1": 1.0, "b2": 0.0})


def log_rework(tree, tmp_path, cases: int) -> tuple[float, dict[str, float]]:
    """Rework share and first visits per case of each task, counted in a simulated event log."""
    case, _ = case_of(tree)
    path = tmp_path / "log.parquet"
    simulate(case, "p", cases=cases, seed=7, log=path)
    frame = pl.read_parquet(path).select("case", "activity_id")
    per_pair = frame.group_by("case", "activity_id").len()
    share = (frame.height - per_pair.height) / frame.height
    firsts = per_pair.group_by("activity_id").len()
    return share, {row[0]: row[1] / cases for row in firsts.iter_rows()}


def loops_around_parallel_work():
    """Random trees, and random trees placed as branches of an AND block inside a loop."""
    wrapped = st.builds(
        lambda a, b, p: ("loop", ("and", [a, b]), p),
        trees(),
        trees(),
        st.sampled_from([0.4, 0.6, 0.8]),
    )
    return st.one_of(wrapped, trees())


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(tree=loops_around_parallel_work())
def test_rework_agrees_with_the_simulated_event_log(tree, tmp_path):
    cases = 4000
    case, _ = case_of(tree)
    m = analyze(case, "p")
    share, firsts = log_rework(tree, tmp_path, cases)
    # 4,000 cases: a share's standard error is below 0.008; four of them is a safe margin.
    assert m.rework_share == pytest.approx(share, abs=0.035)
    for activity in m.activities:
        first = activity.visits - activity.rework_visits
        assert first == pytest.approx(firsts.get(activity.id, 0.0), abs=0.035), activity.id
