"""Flow semantics: AND blocks wait for every branch, terminate end events end the whole case, and
activities with several outgoing flows fork."""

from verksam.model import Case, Flow, Lane, Node, Process, Structure, Variant
from verksam.model import Role as RoleModel
from verksam.model.process import Arrivals, Distribution
from verksam.simulation import simulate


def fixed(minutes: float) -> Distribution:
    return Distribution(kind="fixed", mean=minutes)


def case_of(nodes, flows, capacity=None) -> Case:
    variant = Variant(
        id="v",
        lanes=[Lane(id="l", role="r")],
        nodes=nodes,
        flows=[Flow(source=s, target=t) for s, t in flows],
        arrivals=Arrivals(interval=fixed(1000)),
    )
    return Case(
        id="c",
        name="c",
        structure=Structure(roles=[RoleModel(id="r", capacity=capacity)]),
        processes=[Process(id="p", variants=[variant])],
    )


def task(node_id: str, minutes: float) -> Node:
    return Node(id=node_id, lane="l", touch_minutes=minutes)


def test_an_and_block_lasts_as_long_as_its_longest_branch():
    nodes = [
        Node(id="s", type="start"), Node(id="fork", type="and"), task("a", 30), task("b", 50),
        Node(id="join", type="and"), task("c", 10), Node(id="e", type="end"),
    ]  # fmt: skip
    flows = [("s", "fork"), ("fork", "a"), ("fork", "b"), ("a", "join"), ("b", "join"),
             ("join", "c"), ("c", "e")]  # fmt: skip
    summary = simulate(case_of(nodes, flows), "p", cases=20, replications=1)
    assert summary["cycle_time_hours"]["mean"].value * 60 == 60.0  # max(30, 50) + 10
    assert summary["touch_hours"].value * 60 == 90.0
    assert summary["activities"]["c"]["visits_per_case"].value == 1.0  # the join fires once


def test_with_one_person_parallel_branches_take_turns():
    nodes = [
        Node(id="s", type="start"), Node(id="fork", type="and"), task("a", 30), task("b", 50),
        Node(id="join", type="and"), Node(id="e", type="end"),
    ]  # fmt: skip
    flows = [
        ("s", "fork"),
        ("fork", "a"),
        ("fork", "b"),
        ("a", "join"),
        ("b", "join"),
        ("join", "e"),
    ]
    summary = simulate(case_of(nodes, flows, capacity=1), "p", cases=20, replications=1)
    assert summary["cycle_time_hours"]["mean"].value * 60 == 80.0


def test_a_terminate_end_event_ends_the_case_and_cancels_its_other_branches():
    nodes = [
        Node(id="s", type="start"), Node(id="fork", type="and"), task("quick", 10),
        task("slow", 100), task("later", 100),
        Node(id="stop", type="end", event="terminate"), Node(id="e", type="end"),
    ]  # fmt: skip
    flows = [("s", "fork"), ("fork", "quick"), ("fork", "slow"), ("quick", "stop"),
             ("slow", "later"), ("later", "e")]  # fmt: skip
    summary = simulate(case_of(nodes, flows), "p", cases=20, replications=1)
    assert summary["cycle_time_hours"]["mean"].value * 60 == 10.0
    # The slow branch was under way and finishes its work, but nothing after it starts.
    assert summary["activities"]["later"]["visits_per_case"].value == 0.0


def test_a_task_with_two_outgoing_flows_forks():
    nodes = [
        Node(id="s", type="start"), task("a", 5), task("b", 20), task("c", 40),
        Node(id="e1", type="end"), Node(id="e2", type="end"),
    ]  # fmt: skip
    flows = [("s", "a"), ("a", "b"), ("a", "c"), ("b", "e1"), ("c", "e2")]
    summary = simulate(case_of(nodes, flows), "p", cases=10, replications=1)
    assert summary["activities"]["b"]["visits_per_case"].value == 1.0
    assert summary["activities"]["c"]["visits_per_case"].value == 1.0
    assert (
        summary["cycle_time_hours"]["mean"].value * 60 == 45.0
    )  # the case ends with its last branch


def test_external_waiting_comes_before_queueing_and_work():
    nodes = [Node(id="s", type="start"),
             Node(id="a", lane="l", touch_minutes=30, waiting_hours=2.0),
             Node(id="e", type="end")]  # fmt: skip
    summary = simulate(case_of(nodes, [("s", "a"), ("a", "e")]), "p", cases=10, replications=1)
    assert summary["external_wait_hours"].value == 2.0
    assert summary["cycle_time_hours"]["mean"].value == 2.5


def test_activities_without_time_or_people_are_still_counted():
    nodes = [Node(id="s", type="start"), Node(id="note", touch_minutes=0), task("a", 5),
             Node(id="e", type="end")]  # fmt: skip
    summary = simulate(
        case_of(nodes, [("s", "note"), ("note", "a"), ("a", "e")]), "p", cases=10, replications=1
    )
    assert summary["activities"]["note"]["visits_per_case"].value == 1.0
    assert summary["activities"]["note"]["work_hours"].value == 0.0
