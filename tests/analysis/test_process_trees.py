"""Random block-structured processes (sequence, XOR, AND, loop) against an independent oracle.

The oracle computes lead time, touch time and visits by recursion over the process tree:
sequence = sum, XOR = probability-weighted mean, AND = longest branch (all work counts),
loop left with probability p = body ÷ p. The analysis must agree, whatever the nesting.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import pytest
from analysis_builders import END, START, build_case
from hypothesis import given, settings
from hypothesis import strategies as st

from verksam.analysis import analyze


@dataclass
class Built:
    nodes: list[dict] = field(default_factory=list)
    flows: list[tuple] = field(default_factory=list)
    count: int = 0

    def name(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"


def tasks():
    return st.builds(
        lambda m, w: ("task", m, w),
        st.integers(min_value=0, max_value=90),
        st.integers(min_value=0, max_value=24),
    )


def trees():
    return st.recursive(
        tasks(),
        lambda inner: st.one_of(
            st.lists(inner, min_size=2, max_size=3).map(lambda c: ("seq", c)),
            st.lists(inner, min_size=2, max_size=3).flatmap(
                lambda c: st.lists(
                    st.integers(min_value=1, max_value=9), min_size=len(c), max_size=len(c)
                ).map(lambda w: ("xor", c, [x / sum(w) for x in w]))
            ),
            st.lists(inner, min_size=2, max_size=3).map(lambda c: ("and", c)),
            st.tuples(inner, st.sampled_from([0.25, 0.5, 0.8])).map(lambda t: ("loop", *t)),
        ),
        max_leaves=8,
    )


def link(b: Built, source: str, p_out: float | None, target: str) -> None:
    """A flow on from `source`; out of a loop's check gateway it carries the exit probability."""
    b.flows.append((source, target, p_out) if p_out is not None else (source, target))


def build(
    tree, b: Built, visits: float, expected: dict[str, float]
) -> tuple[str, str, float | None]:
    """Add the tree's nodes and flows; return its entry, its exit and the exit's probability."""
    kind = tree[0]
    if kind == "task":
        node = b.name("t")
        lane = "front" if b.count % 2 else "back"
        b.nodes.append(
            {"id": node, "touch_minutes": tree[1], "waiting_hours": tree[2], "lane": lane}
        )
        expected[node] = visits
        return node, node, None
    if kind == "seq":
        parts = [build(child, b, visits, expected) for child in tree[1]]
        for (_, out, p_out), (entry, _, _) in itertools.pairwise(parts):
            link(b, out, p_out, entry)
        return parts[0][0], parts[-1][1], parts[-1][2]
    if kind in ("xor", "and"):
        split, join = b.name("s"), b.name("j")
        b.nodes += [{"id": split, "type": kind}, {"id": join, "type": kind}]
        probabilities = tree[2] if kind == "xor" else [None] * len(tree[1])
        for child, p in zip(tree[1], probabilities, strict=True):
            entry, out, p_out = build(child, b, visits * (p if p is not None else 1), expected)
            link(b, split, p, entry)
            link(b, out, p_out, join)
        return split, join, None
    body, p = tree[1], tree[2]
    merge, check = b.name("m"), b.name("c")
    b.nodes += [{"id": merge, "type": "xor"}, {"id": check, "type": "xor"}]
    entry, out, p_out = build(body, b, visits / p, expected)
    link(b, merge, None, entry)
    link(b, out, p_out, check)
    b.flows.append((check, merge, 1 - p))
    return merge, check, p


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


def case_of(tree):
    b = Built()
    expected: dict[str, float] = {}
    entry, out, p_out = build(tree, b, 1.0, expected)
    link(b, out, p_out, "end")
    return build_case([START, *b.nodes, END], [("start", entry), *b.flows], volume=100), expected


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
