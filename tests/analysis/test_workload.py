"""Workload per role and unit = volume × visits × touch time; FTE and cost follow from it."""

from __future__ import annotations

import pytest
from analysis_builders import END, START, build_case, gate, task

from verksam.analysis import TOTAL, UNASSIGNED, analyze
from verksam.model import Flow, Lane, Node, Role


def two_roles(**kwargs):
    # clerk: 30 min once; expert: 60 min on 40 % of cases, redone once in 4 (visits 0.4 / 0.75)
    return build_case(
        [
            START,
            task("register", 30),
            gate("needs-expert"),
            task("assess", 60, lane="back"),
            gate("ok"),
            END,
        ],
        [
            ("start", "register"),
            ("register", "needs-expert"),
            ("needs-expert", "assess", 0.4),
            ("needs-expert", "end", 0.6),
            ("assess", "ok"),
            ("ok", "assess", 0.25),
            ("ok", "end", 0.75),
        ],
        volume=12000,
        **kwargs,
    )


def test_workload_fte_and_cost_per_role_and_unit():
    m = analyze(two_roles(), "p")
    clerk_hours = 12000 * 1 * 0.5
    expert_hours = 12000 * (0.4 / 0.75) * 1.0
    assert m.workload_hours == pytest.approx({"clerk": clerk_hours, "expert": expert_hours})
    assert m.fte["clerk"] == pytest.approx(clerk_hours / 1695)  # Norway's default hours per FTE
    assert m.fte[TOTAL] == pytest.approx((clerk_hours + expert_hours) / 1695)
    assert m.cost["clerk"] == pytest.approx(clerk_hours * 600)
    assert m.cost[TOTAL] == pytest.approx(clerk_hours * 600 + expert_hours * 900)
    assert m.units["back-office"].workload_hours == pytest.approx(expert_hours)
    assert m.units["front-office"].cost == pytest.approx(clerk_hours * 600)


def test_hours_per_fte_follow_the_country_and_the_override():
    swedish = analyze(two_roles(country="SE"), "p")
    assert swedish.fte["clerk"] == pytest.approx(6000 / 1704)
    custom = analyze(two_roles(hours_per_fte=1500), "p")
    assert custom.fte["clerk"] == pytest.approx(6000 / 1500)


def test_work_in_no_lane_is_unassigned_and_named_in_a_warning():
    case = build_case(
        [START, task("a", 60, lane=None), task("b", 30), END],
        [("start", "a"), ("a", "b"), ("b", "end")],
        volume=100,
    )
    m = analyze(case, "p")
    assert m.workload_hours == {UNASSIGNED: pytest.approx(100.0), "clerk": pytest.approx(50.0)}
    assert m.fte[TOTAL] == pytest.approx(150 / 1695)
    assert any(f"'{UNASSIGNED}' has no cost per hour" in w for w in m.warnings)


def test_citizens_time_is_listed_but_left_out_of_the_totals():
    case = build_case(
        [START, task("apply", 60, lane="citizen"), task("decide", 30), END],
        [("start", "apply"), ("apply", "decide"), ("decide", "end")],
        volume=100,
    )
    case.structure.roles.append(Role(id="supplier", external=True, cost_per_hour=800))
    case.processes[0].variants[0].lanes.append(Lane(id="vendor", role="supplier"))
    case.processes[0].variants[0].nodes.insert(
        3, Node(id="deliver", touch_minutes=120, lane="vendor")
    )
    case.processes[0].variants[0].flows[-1] = Flow(source="decide", target="deliver")
    case.processes[0].variants[0].flows.append(Flow(source="deliver", target="end"))
    m = analyze(case, "p")
    assert m.workload_hours["public"] == pytest.approx(100.0)  # the citizen unit of the lane
    assert m.workload_hours["supplier"] == pytest.approx(200.0)
    assert m.external_roles == ["public", "supplier"]
    assert m.fte[TOTAL] == pytest.approx(50 / 1695)  # only the clerk
    assert m.cost[TOTAL] == pytest.approx(50 * 600)
    assert m.total_workload_hours == pytest.approx(50.0)
    assert m.warnings == []  # no cost per hour is expected of citizens


def test_missing_volume_gives_zero_workload_and_says_so():
    case = build_case([START, task("a", 60), END], [("start", "a"), ("a", "end")], volume=None)
    m = analyze(case, "p")
    assert m.fte[TOTAL] == 0
    assert any("no volume" in w for w in m.warnings)


def test_handoffs_count_lane_changes_weighted_by_traversals():
    m = analyze(two_roles(), "p")
    # register (front) -> assess (back): 0.4 per case; assess -> assess stays in its lane
    assert m.handoffs == pytest.approx(0.4)
    assert [(h.source_lane, h.target_lane) for h in m.handoff_lanes] == [("front", "back")]


def test_handoffs_through_a_parallel_join_count_each_branch_that_hands_over():
    case = build_case(
        [
            START,
            task("open", 10),
            gate("split", "and"),
            task("a", 10),
            task("b", 10, lane="back"),
            gate("join", "and"),
            task("close", 10),
            END,
        ],
        [
            ("start", "open"),
            ("open", "split"),
            ("split", "a"),
            ("split", "b"),
            ("a", "join"),
            ("b", "join"),
            ("join", "close"),
            ("close", "end"),
        ],
    )
    # open -> b (front to back) and b -> close (back to front)
    assert analyze(case, "p").handoffs == pytest.approx(2.0)


def test_to_json_has_the_stable_keys():
    import json

    data = json.loads(analyze(two_roles(), "p").to_json())
    for key in (
        "touch_hours",
        "waiting_hours",
        "lead_hours",
        "flow_efficiency",
        "handoffs",
        "rework_share",
        "workload_hours",
        "fte",
        "cost",
        "units",
        "activities",
        "visits",
    ):
        assert key in data
    assert set(data["fte"]) == {"clerk", "expert", "total"}
    assert data["cost"]["total"] == pytest.approx(
        sum(v for k, v in data["cost"].items() if k != "total")
    )


def test_a_loop_around_a_parallel_block_outside_any_lane_does_not_multiply_handoffs():
    case = build_case(
        [
            START,
            task("intake", 10),
            gate("merge"),
            gate("split", "and"),
            task("a", 10, lane=None),
            task("b", 10, lane=None),
            gate("join", "and"),
            gate("ok"),
            task("close", 10, lane="back"),
            END,
        ],
        [
            ("start", "intake"),
            ("intake", "merge"),
            ("merge", "split"),
            ("split", "a"),
            ("split", "b"),
            ("a", "join"),
            ("b", "join"),
            ("join", "ok"),
            ("ok", "merge", 0.5),
            ("ok", "close", 0.5),
            ("close", "end"),
        ],
    )
    m = analyze(case, "p")
    assert m.visits["a"] == pytest.approx(2.0)
    assert m.handoffs == pytest.approx(1.0)  # intake (front) -> close (back), once per case
