"""Lead time per case: sums along the path, expectations over XOR branches and loops, and the
longest branch of a parallel block."""

from __future__ import annotations

import pytest
from analysis_builders import END, START, build_case, gate, task

from verksam.analysis import analyze


def test_sequential_lead_time_is_waiting_plus_touch_of_every_step():
    case = build_case(
        [START, task("a", 30, waiting_hours=2), task("b", 90, waiting_hours=24), END],
        [("start", "a"), ("a", "b"), ("b", "end")],
    )
    m = analyze(case, "p")
    assert m.touch_hours == pytest.approx(2.0)  # 30 + 90 minutes
    assert m.waiting_hours == pytest.approx(26.0)
    assert m.lead_hours == pytest.approx(28.0)


def test_xor_lead_time_is_the_expectation_over_branches():
    case = build_case(
        [START, gate("x"), task("fast", 60), task("slow", 60, waiting_hours=10), gate("m"), END],
        [
            ("start", "x"),
            ("x", "fast", 0.6),
            ("x", "slow", 0.4),
            ("fast", "m"),
            ("slow", "m"),
            ("m", "end"),
        ],
    )
    m = analyze(case, "p")
    assert m.lead_hours == pytest.approx(0.6 * 1 + 0.4 * 11)
    assert m.waiting_hours == pytest.approx(0.4 * 10)


def test_loop_lead_time_counts_every_expected_pass():
    case = build_case(
        [START, task("fix", 60, waiting_hours=3), gate("ok"), END],
        [("start", "fix"), ("fix", "ok"), ("ok", "fix", 0.2), ("ok", "end", 0.8)],
    )
    assert analyze(case, "p").lead_hours == pytest.approx(4 / 0.8)


def parallel(minutes_a, minutes_b, waiting_b=0.0):
    return build_case(
        [
            START,
            task("intro", 30),
            gate("split", "and"),
            task("a", minutes_a),
            task("b", minutes_b, lane="back", waiting_hours=waiting_b),
            gate("join", "and"),
            END,
        ],
        [
            ("start", "intro"),
            ("intro", "split"),
            ("split", "a"),
            ("split", "b"),
            ("a", "join"),
            ("b", "join"),
            ("join", "end"),
        ],
    )


def test_and_block_lead_time_is_its_longest_branch_but_all_work_counts():
    m = analyze(parallel(120, 60, waiting_b=0.5), "p")
    assert m.lead_hours == pytest.approx(0.5 + 2.0)  # intro + branch a (2 h > 1.5 h)
    assert m.touch_hours == pytest.approx(0.5 + 2.0 + 1.0)  # all work is done
    assert m.waiting_hours == pytest.approx(0.0)  # the critical path has no waiting
    assert m.critical_touch_hours == pytest.approx(2.5)


def test_and_block_critical_branch_switches_with_waiting():
    m = analyze(parallel(120, 60, waiting_b=5), "p")
    assert m.lead_hours == pytest.approx(0.5 + 6.0)
    assert m.waiting_hours == pytest.approx(5.0)


def test_and_block_inside_a_loop_adds_its_longest_branch_on_every_pass():
    case = build_case(
        [
            START,
            gate("merge"),
            gate("split", "and"),
            task("a", 60),
            task("b", 180),
            gate("join", "and"),
            gate("ok"),
            END,
        ],
        [
            ("start", "merge"),
            ("merge", "split"),
            ("split", "a"),
            ("split", "b"),
            ("a", "join"),
            ("b", "join"),
            ("join", "ok"),
            ("ok", "merge", 0.25),
            ("ok", "end", 0.75),
        ],
    )
    m = analyze(case, "p")
    assert m.lead_hours == pytest.approx(3.0 / 0.75)
    assert m.touch_hours == pytest.approx(4.0 / 0.75)


def test_nested_blocks_xor_inside_an_and_branch_uses_the_branch_expectation():
    # branch 1: XOR of 1 h (p 0.5) or 5 h (p 0.5) -> expected 3 h; branch 2: 2 h; then 1 h
    case = build_case(
        [
            START,
            gate("split", "and"),
            gate("x"),
            task("short", 60),
            task("long", 300),
            gate("m"),
            task("other", 120, lane="back"),
            gate("join", "and"),
            task("close", 60),
            END,
        ],
        [
            ("start", "split"),
            ("split", "x"),
            ("split", "other"),
            ("x", "short", 0.5),
            ("x", "long", 0.5),
            ("short", "m"),
            ("long", "m"),
            ("m", "join"),
            ("other", "join"),
            ("join", "close"),
            ("close", "end"),
        ],
    )
    m = analyze(case, "p")
    assert m.lead_hours == pytest.approx(3.0 + 1.0)
    assert m.touch_hours == pytest.approx(0.5 * 1 + 0.5 * 5 + 2 + 1)


def test_nested_and_blocks_reduce_innermost_first():
    case = build_case(
        [
            START,
            gate("outer", "and"),
            task("a", 60),
            gate("inner", "and"),
            task("b", 120),
            task("c", 240),
            gate("inner-join", "and"),
            task("d", 30),
            gate("outer-join", "and"),
            END,
        ],
        [
            ("start", "outer"),
            ("outer", "a"),
            ("outer", "inner"),
            ("inner", "b"),
            ("inner", "c"),
            ("b", "inner-join"),
            ("c", "inner-join"),
            ("inner-join", "d"),
            ("d", "outer-join"),
            ("a", "outer-join"),
            ("outer-join", "end"),
        ],
    )
    m = analyze(case, "p")
    assert m.lead_hours == pytest.approx(max(1.0, 4.0 + 0.5))


def test_inclusive_or_lead_time_is_the_expected_longest_branch_taken():
    case = build_case(
        [START, gate("split", "or"), task("a", 60), task("b", 180), gate("join", "or"), END],
        [
            ("start", "split"),
            ("split", "a", 0.9),
            ("split", "b", 0.5),
            ("a", "join"),
            ("b", "join"),
            ("join", "end"),
        ],
    )
    # b (3 h) when taken (0.5); otherwise a (1 h) when taken (0.9 of the remaining 0.5)
    assert analyze(case, "p").lead_hours == pytest.approx(0.5 * 3 + 0.5 * 0.9 * 1)


def test_parallel_branches_ending_separately_last_until_the_longest_ends():
    case = build_case(
        [
            START,
            gate("split", "and"),
            task("a", 60),
            task("b", 120),
            {"id": "end-a", "type": "end"},
            END,
        ],
        [("start", "split"), ("split", "a"), ("split", "b"), ("a", "end-a"), ("b", "end")],
    )
    m = analyze(case, "p")
    assert m.lead_hours == pytest.approx(2.0)
    assert m.visits["end-a"] == pytest.approx(1.0)


def test_flow_efficiency_is_value_adding_touch_over_lead_time():
    case = build_case(
        [START, task("a", 60, waiting_hours=6, value_adding=True), task("b", 60), END],
        [("start", "a"), ("a", "b"), ("b", "end")],
    )
    m = analyze(case, "p")
    assert m.flow_efficiency == pytest.approx(1 / 8)
