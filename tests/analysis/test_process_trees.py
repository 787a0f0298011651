"""Random block-structured processes (sequence, XOR, AND, loop) against an independent oracle.

The oracle computes lead time, touch time and visits by recursion over the process tree:
sequence = sum, XOR = probability-weighted mean, AND = longest branch (all work counts),
loop left with probability p = body ÷ p. The analysis must agree, whatever the nesting.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from process_trees import case_of, trees

from verksam.analysis import analyze


def oracle(tree) -> tuple[float, float]:
    """(lead hours, touch hours) of one pass through the tree."""
    kind = tree[0]
    if kind == "task":
        return tree[2] + tree[1] / 60, tree[1] / 60
    parts = [oracle(c) for c in tree[1]] if kind != "loop" else []
    if kind == "seq":
        return sum(p[0] for p in parts), sum(p[1] for p in parts)
    if kind == "xor":
        return (
            sum(q * p[0] for q, p in zip(tree[2], parts, strict=True)),
            sum(q * p[1] for q, p in zip(tree[2], parts, strict=True)),
        )
    if kind == "and":
        return max(p[0] for p in parts), sum(p[1] for p in parts)
    lead, touch = oracle(tree[1])
    return lead / tree[2], touch / tree[2]


@settings(max_examples=120, deadline=None)
@given(trees())
def test_analysis_agrees_with_the_tree_oracle(tree):
    case, expected_visits = case_of(tree)
    m = analyze(case, "p")
    lead, touch = oracle(tree)
    assert m.lead_hours == pytest.approx(lead, rel=1e-9, abs=1e-9)
    assert m.touch_hours == pytest.approx(touch, rel=1e-9, abs=1e-9)
    for node, visits in expected_visits.items():
        assert m.visits[node] == pytest.approx(visits, rel=1e-9), node
    assert m.visits["end"] == pytest.approx(1.0)
    assert m.workload_hours.get("clerk", 0) + m.workload_hours.get("expert", 0) == pytest.approx(
        100 * touch
    )
    assert m.handoffs >= 0 and 0 <= m.rework_share < 1
