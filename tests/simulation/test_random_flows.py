"""On random nested sequences and AND blocks with fixed times and nobody to wait for, every case
takes exactly the time of the longest path, which is what the static analysis computes."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verksam.analysis import metrics as analysis
from verksam.model import Case, Flow, Node, Process, Variant
from verksam.model.process import Arrivals, Distribution
from verksam.simulation import simulate

# A block is a task (its minutes), ("seq", blocks) or ("and", blocks).
blocks = st.recursive(
    st.integers(min_value=1, max_value=90),
    lambda inner: st.tuples(
        st.sampled_from(["seq", "and"]), st.lists(inner, min_size=2, max_size=3)
    ),
    max_leaves=12,
)


def build(block, nodes: list[Node], flows: list[Flow], source: str, ids) -> str:
    """Adds `block` after node `source` and returns the id of its last node."""
    if isinstance(block, int):
        node_id = f"t{next(ids)}"
        nodes.append(Node(id=node_id, touch_minutes=block))
        flows.append(Flow(source=source, target=node_id))
        return node_id
    kind, parts = block
    if kind == "seq":
        for part in parts:
            source = build(part, nodes, flows, source, ids)
        return source
    fork, join = f"fork{next(ids)}", f"join{next(ids)}"
    nodes += [Node(id=fork, type="and"), Node(id=join, type="and")]
    flows.append(Flow(source=source, target=fork))
    for part in parts:
        flows.append(Flow(source=build(part, nodes, flows, fork, ids), target=join))
    return join


def longest(block) -> int:
    if isinstance(block, int):
        return block
    kind, parts = block
    return sum(map(longest, parts)) if kind == "seq" else max(map(longest, parts))


def total(block) -> int:
    return block if isinstance(block, int) else sum(map(total, block[1]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blocks)
def test_lead_and_touch_time_equal_the_longest_path_and_the_sum_of_work(block):
    nodes = [Node(id="start", type="start")]
    flows: list[Flow] = []
    last = build(block, nodes, flows, "start", itertools.count())
    nodes.append(Node(id="end", type="end"))
    flows.append(Flow(source=last, target="end"))
    variant = Variant(
        id="v",
        nodes=nodes,
        flows=flows,
        arrivals=Arrivals(interval=Distribution(kind="fixed", mean=500)),
    )
    case = Case(id="c", name="c", processes=[Process(id="p", variants=[variant])])
    summary = simulate(case, "p", cases=5, replications=1)
    cycle = summary["cycle_time_hours"]
    assert cycle["mean"].value * 60 == pytest.approx(longest(block))
    assert cycle["p95"].value * 60 == pytest.approx(longest(block))
    assert summary["touch_hours"].value * 60 == pytest.approx(total(block))
    exact = analysis.analyze(case, "p")
    assert cycle["mean"].value == pytest.approx(exact.lead_hours)
    assert summary["touch_hours"].value == pytest.approx(exact.touch_hours)
