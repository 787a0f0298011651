"""Inclusive (OR) gateways: each branch is taken with its probability, at least one always, and the
OR join waits for the branches that were taken; with probabilities summing to 1 the split is
exclusive."""

import pytest

from verksam.analysis import metrics as analysis
from verksam.model import Case, Flow, Lane, Node, Process, Structure, Variant
from verksam.model import Role as RoleModel
from verksam.model.process import Arrivals, Distribution
from verksam.simulation import simulate


def or_case(p_a: float, p_b: float, join: str = "or") -> Case:
    nodes = [
        Node(id="s", type="start"),
        Node(id="split", type="or"),
        Node(id="a", lane="l", touch_minutes=30),
        Node(id="b", lane="l", touch_minutes=50),
        Node(id="merge", type=join),
        Node(id="after", lane="l", touch_minutes=10),
        Node(id="e", type="end"),
    ]
    flows = [
        Flow(source="s", target="split"),
        Flow(source="split", target="a", probability=p_a),
        Flow(source="split", target="b", probability=p_b),
        Flow(source="a", target="merge"),
        Flow(source="b", target="merge"),
        Flow(source="merge", target="after"),
        Flow(source="after", target="e"),
    ]
    variant = Variant(
        id="v",
        lanes=[Lane(id="l", role="r")],
        nodes=nodes,
        flows=flows,
        arrivals=Arrivals(interval=Distribution(kind="exponential", mean=60)),
    )
    return Case(
        id="c",
        name="c",
        structure=Structure(roles=[RoleModel(id="r")]),
        processes=[Process(id="p", variants=[variant])],
    )


@pytest.fixture(scope="module")
def inclusive():
    return simulate(or_case(0.7, 0.6), "p", cases=5_000, seed=2, replications=8)


def test_each_branch_is_taken_with_its_probability(inclusive):
    assert inclusive["activities"]["a"]["visits_per_case"].contains(0.7)
    assert inclusive["activities"]["b"]["visits_per_case"].contains(0.6)


def test_the_join_waits_for_the_branches_taken_and_fires_once(inclusive):
    assert inclusive["activities"]["after"]["visits_per_case"].value == 1.0
    # Sampling: both branches 30 % of the time, only a 40 %, only b 30 %: 0.3·50 + 0.4·30 + 0.3·50.
    assert inclusive["cycle_time_hours"]["mean"].contains((42 + 10) / 60)


def test_visits_and_touch_time_match_the_static_analysis(inclusive):
    exact = analysis.analyze(or_case(0.7, 0.6), "p")
    assert inclusive["touch_hours"].contains(exact.touch_hours)
    for node in ("a", "b"):
        assert inclusive["activities"][node]["visits_per_case"].contains(exact.visits[node])
    assert inclusive["activities"]["after"]["visits_per_case"].value == pytest.approx(
        exact.visits["after"]
    )


def test_probabilities_summing_to_one_make_an_exclusive_split():
    summary = simulate(or_case(0.25, 0.75), "p", cases=4_000, seed=3, replications=6)
    a = summary["activities"]["a"]["visits_per_case"]
    b = summary["activities"]["b"]["visits_per_case"]
    assert a.contains(0.25) and b.contains(0.75)
    assert a.value + b.value == pytest.approx(1.0)  # exactly one branch per case
