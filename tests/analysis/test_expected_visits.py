"""Expected visits per case come from solving the flow as a Markov chain."""

from __future__ import annotations

import pytest
from analysis_builders import END, START, build_case, gate, task
from hypothesis import given, settings
from hypothesis import strategies as st

from verksam.analysis import analyze, expected_visits


def variant_of(case):
    return case.processes[0].variants[0]


def test_sequential_flow_visits_every_step_once():
    case = build_case(
        [START, task("a", 10), task("b", 20), END],
        [("start", "a"), ("a", "b"), ("b", "end")],
    )
    assert expected_visits(variant_of(case)) == pytest.approx(
        {"start": 1, "a": 1, "b": 1, "end": 1}
    )


def test_xor_branches_are_visited_with_their_probabilities():
    case = build_case(
        [START, gate("x"), task("a"), task("b"), gate("m"), END],
        [("start", "x"), ("x", "a", 0.3), ("x", "b", 0.7), ("a", "m"), ("b", "m"), ("m", "end")],
    )
    visits = expected_visits(variant_of(case))
    assert visits["a"] == pytest.approx(0.3)
    assert visits["b"] == pytest.approx(0.7)
    assert visits["m"] == pytest.approx(1.0)


def test_missing_probabilities_split_evenly():
    case = build_case(
        [START, gate("x"), task("a"), task("b"), task("c"), END],
        [
            ("start", "x"),
            ("x", "a"),
            ("x", "b"),
            ("x", "c"),
            ("a", "end"),
            ("b", "end"),
            ("c", "end"),
        ],
    )
    visits = expected_visits(variant_of(case))
    assert [visits[n] for n in "abc"] == pytest.approx([1 / 3] * 3)


def loop_case(exit_probability: float):
    # start -> a -> check -> (back to a | end)
    return build_case(
        [START, task("a", 30), gate("check"), END],
        [
            ("start", "a"),
            ("a", "check"),
            ("check", "a", 1 - exit_probability),
            ("check", "end", exit_probability),
        ],
    )


def test_loop_visits_are_geometric():
    visits = expected_visits(variant_of(loop_case(0.25)))
    assert visits["a"] == pytest.approx(4.0)  # 1 / 0.25
    assert visits["end"] == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=0.01, max_value=1.0))
def test_loop_with_exit_probability_p_is_visited_one_over_p_times(p):
    assert expected_visits(variant_of(loop_case(p)))["a"] == pytest.approx(1 / p, rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=0.05, max_value=1.0), st.floats(min_value=0.05, max_value=1.0))
def test_nested_loops_multiply(p_inner, p_outer):
    # start -> a -> inner? (back to a | on to b) -> b -> outer? (back to a | end)
    case = build_case(
        [START, task("a", 10), gate("inner"), task("b", 10), gate("outer"), END],
        [
            ("start", "a"),
            ("a", "inner"),
            ("inner", "a", 1 - p_inner),
            ("inner", "b", p_inner),
            ("b", "outer"),
            ("outer", "a", 1 - p_outer),
            ("outer", "end", p_outer),
        ],
    )
    visits = expected_visits(variant_of(case))
    assert visits["b"] == pytest.approx(1 / p_outer, rel=1e-9)
    assert visits["a"] == pytest.approx(1 / (p_inner * p_outer), rel=1e-9)


def test_and_block_visits_every_branch_and_the_join_once():
    case = build_case(
        [START, gate("split", "and"), task("a"), task("b"), task("c"), gate("join", "and"), END],
        [
            ("start", "split"),
            ("split", "a"),
            ("split", "b"),
            ("split", "c"),
            ("a", "join"),
            ("b", "join"),
            ("c", "join"),
            ("join", "end"),
        ],
    )
    visits = expected_visits(variant_of(case))
    assert visits == pytest.approx(
        {"start": 1, "split": 1, "a": 1, "b": 1, "c": 1, "join": 1, "end": 1}
    )


def and_block_in_loop(merge_first: bool):
    merge = [gate("merge")] if merge_first else []
    entry = "merge" if merge_first else "split"
    return build_case(
        [
            START,
            *merge,
            gate("split", "and"),
            task("a"),
            task("b"),
            gate("join", "and"),
            gate("ok"),
            END,
        ],
        [
            ("start", entry),
            *([("merge", "split")] if merge_first else []),
            ("split", "a"),
            ("split", "b"),
            ("a", "join"),
            ("b", "join"),
            ("join", "ok"),
            ("ok", entry, 0.5),
            ("ok", "end", 0.5),
        ],
    )


@pytest.mark.parametrize("merge_first", [True, False], ids=["xor-merge", "loop-into-split"])
def test_and_block_inside_a_loop_is_entered_once_per_pass(merge_first):
    visits = expected_visits(variant_of(and_block_in_loop(merge_first)))
    assert visits["a"] == pytest.approx(2.0)
    assert visits["split"] == pytest.approx(2.0)
    assert visits["join"] == pytest.approx(2.0)
    assert visits["end"] == pytest.approx(1.0)


def test_inclusive_or_takes_each_branch_with_its_probability_and_joins_once():
    case = build_case(
        [START, gate("split", "or"), task("a"), task("b"), gate("join", "or"), END],
        [
            ("start", "split"),
            ("split", "a", 0.8),
            ("split", "b", 0.5),
            ("a", "join"),
            ("b", "join"),
            ("join", "end"),
        ],
    )
    visits = expected_visits(variant_of(case))
    assert visits["a"] == pytest.approx(0.8)
    assert visits["b"] == pytest.approx(0.5)
    assert visits["join"] == pytest.approx(1.0)
    assert visits["end"] == pytest.approx(1.0)


def test_rework_share_counts_visits_beyond_the_first():
    metrics = analyze(loop_case(0.25), "p")
    # 4 expected visits of 'a', of which 3 are rework: 3 / 4
    assert metrics.rework_share == pytest.approx(0.75)
    assert metrics.activity("a").rework_visits == pytest.approx(3.0)


def test_an_and_join_inside_a_block_that_ends_in_separate_end_events_synchronises():
    # split -> a, b, c; a and b meet at join j -> end1; c -> end2 (the split's block ends at exit)
    case = build_case(
        [
            START,
            gate("split", "and"),
            task("a", 60),
            task("b", 120),
            task("c", 30),
            gate("j", "and"),
            task("after", 10),
            {"id": "end2", "type": "end"},
            END,
        ],
        [
            ("start", "split"),
            ("split", "a"),
            ("split", "b"),
            ("split", "c"),
            ("a", "j"),
            ("b", "j"),
            ("j", "after"),
            ("after", "end"),
            ("c", "end2"),
        ],
    )
    m = analyze(case, "p")
    assert m.visits["j"] == pytest.approx(1.0)
    assert m.visits["after"] == pytest.approx(1.0)
    assert m.lead_hours == pytest.approx(2 + 10 / 60)  # b, then 'after'


def test_visits_kept_for_a_flow_follow_a_changed_probability_and_not_a_changed_time():
    def case_with(p: float, minutes: float):
        return build_case(
            [START, gate("x"), task("a", minutes), task("b"), gate("m"), END],
            [
                ("start", "x"),
                ("x", "a", p),
                ("x", "b", 1 - p),
                ("a", "m"),
                ("b", "m"),
                ("m", "end"),
            ],
        )

    first = analyze(case_with(0.3, 10), "p")
    assert first.activities[0].visits == pytest.approx(0.3)
    # the same flow with another time: the kept visits, the new time
    timed = analyze(case_with(0.3, 20), "p")
    assert timed.activities[0].visits == pytest.approx(0.3)
    assert timed.activities[0].touch_minutes == 20
    assert analyze(case_with(0.6, 10), "p").activities[0].visits == pytest.approx(0.6)


def test_a_caller_changing_its_visits_does_not_change_the_next_callers():
    case = loop_case(0.5)
    visits = expected_visits(variant_of(case))
    expected = dict(visits)
    visits["a"] = 99.0
    assert expected_visits(variant_of(case)) == expected
