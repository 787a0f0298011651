"""Variants that cannot be analysed raise AnalysisError naming the element."""

from __future__ import annotations

import pytest
from analysis_builders import END, START, build_case, gate, task

from verksam.analysis import AnalysisError, analyze, compare_variants


def simple():
    return build_case([START, task("a", 10), END], [("start", "a"), ("a", "end")])


def test_unknown_process_and_variant_are_named():
    with pytest.raises(AnalysisError, match="no process 'nope'") as info:
        analyze(simple(), "nope")
    assert info.value.element == "nope"
    with pytest.raises(AnalysisError, match="no variant 'to-be'"):
        analyze(simple(), "p", "to-be")
    with pytest.raises(AnalysisError, match="no variant 'x'"):
        compare_variants(simple(), "p", "as-is", "x")


def test_loop_taken_with_probability_one_never_ends():
    case = build_case(
        [START, task("a", 10), gate("again"), END],
        [("start", "a"), ("a", "again"), ("again", "a", 1.0), ("again", "end", 0.0)],
    )
    with pytest.raises(AnalysisError, match="never reaches an end event") as info:
        analyze(case, "p")
    assert info.value.element in {"a", "again"}


def test_probabilities_that_do_not_sum_to_one_name_the_split():
    case = build_case(
        [START, gate("x"), task("a"), task("b"), END],
        [("start", "x"), ("x", "a", 0.5), ("x", "b", 0.2), ("a", "end"), ("b", "end")],
    )
    with pytest.raises(AnalysisError, match=r"'x'.*sum to 0\.7"):
        analyze(case, "p")


def test_one_probability_given_leaves_the_rest_to_the_other_branch():
    case = build_case(
        [START, gate("x"), task("a"), task("b"), END],
        [("start", "x"), ("x", "a", 0.3), ("x", "b"), ("a", "end"), ("b", "end")],
    )
    assert analyze(case, "p").visits["b"] == pytest.approx(0.7)


def test_partial_probabilities_that_leave_nothing_to_share_are_refused():
    case = build_case(
        [START, gate("x"), task("a"), task("b"), task("c"), END],
        [("start", "x"), ("x", "a", 0.5), ("x", "b", 0.6), ("x", "c"), ("a", "end"),
         ("b", "end"), ("c", "end")],
    )  # fmt: skip
    with pytest.raises(AnalysisError, match="split 'x'"):
        analyze(case, "p")


def test_parallel_branches_meeting_at_a_task_are_refused():
    case = build_case(
        [START, gate("split", "and"), task("a"), task("b"), task("c"), END],
        [("start", "split"), ("split", "a"), ("split", "b"), ("a", "c"), ("b", "c"), ("c", "end")],
    )
    with pytest.raises(AnalysisError, match=r"parallel split 'split'.*'c'"):
        analyze(case, "p")


def test_missing_start_end_and_dangling_flow_are_named():
    with pytest.raises(AnalysisError, match="no start event"):
        analyze(build_case([task("a"), END], [("a", "end")]), "p")
    with pytest.raises(AnalysisError, match="no end event"):
        analyze(build_case([START, task("a")], [("start", "a")]), "p")
    with pytest.raises(AnalysisError, match="unknown node 'ghost'"):
        analyze(build_case([START, task("a"), END], [("start", "a"), ("a", "ghost")]), "p")
    with pytest.raises(AnalysisError, match="'a' has no outgoing flow"):
        analyze(build_case([START, task("a"), END], [("start", "a")]), "p")
