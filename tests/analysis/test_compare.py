"""Variant comparison lists every figure with its difference and what changed in the flow;
cross-organisation comparison normalises per 1,000 cases."""

from __future__ import annotations

import json

import pytest
from analysis_builders import END, START, build_case, task

from verksam.analysis import compare_processes, compare_variants
from verksam.model import Flow, Lane, Node, Variant


def with_to_be():
    to_be = Variant(
        id="to-be",
        kind="to-be",
        volume_per_year=1000,
        lanes=[Lane(id="front", role="clerk"), Lane(id="back", role="expert")],
        nodes=[
            Node(id="start", type="start"),
            Node(id="register", touch_minutes=10, lane="front"),  # 30 -> 10 minutes
            Node(id="decide", touch_minutes=60, lane="front"),  # moved from back to front
            Node(id="self-check", touch_minutes=5, lane="front"),  # added
            Node(id="end", type="end"),
        ],
        flows=[
            Flow(source="start", target="register"),
            Flow(source="register", target="decide"),
            Flow(source="decide", target="self-check"),
            Flow(source="self-check", target="end"),
        ],
    )
    return build_case(
        [START, task("register", 30), task("decide", 60, lane="back"), task("archive", 15), END],
        [("start", "register"), ("register", "decide"), ("decide", "archive"), ("archive", "end")],
        volume=1000,
        variants=[to_be],
    )


def test_compare_variants_gives_each_figure_and_its_difference():
    cmp = compare_variants(with_to_be(), "p", "as-is", "to-be")
    touch = cmp.figure("touch_hours")
    assert (touch.a, touch.b) == pytest.approx((105 / 60, 75 / 60))
    assert touch.difference == pytest.approx(-0.5)
    assert touch.relative == pytest.approx(-30 / 105)
    clerk = cmp.figure("workload_hours.clerk")
    assert (clerk.a, clerk.b) == pytest.approx((1000 * 45 / 60, 1000 * 75 / 60))
    expert = cmp.figure("fte.expert")
    assert expert.b == 0 and expert.difference == pytest.approx(-1000 / 1695)
    cost = cmp.figure("cost.total")
    assert cost.difference == pytest.approx(1000 * (75 / 60 * 600) - 1000 * (45 / 60 * 600 + 900))
    assert cmp.figure("handoffs").a == pytest.approx(2.0)
    assert cmp.figure("handoffs").b == pytest.approx(0.0)


def test_compare_variants_says_what_changed():
    changes = {
        (c.kind, c.activity): (c.a, c.b)
        for c in compare_variants(with_to_be(), "p", "as-is", "to-be").changes
    }
    assert changes[("added", "self-check")] == (None, "front")
    assert changes[("removed", "archive")] == ("front", None)
    assert changes[("moved", "decide")] == ("expert", "clerk")
    assert changes[("touch", "register")] == (30, 10)
    assert ("touch", "decide") not in changes


def test_compare_variants_to_json_keeps_both_metrics():
    data = json.loads(compare_variants(with_to_be(), "p", "as-is", "to-be").to_json())
    assert data["a"] == "as-is" and data["b"] == "to-be"
    assert {"key", "a", "b", "difference", "relative"} <= set(data["figures"][0])
    assert data["metrics"]["b"]["variant_id"] == "to-be"


def test_compare_processes_normalises_workload_per_thousand_cases():
    small = build_case(
        [START, task("handle", 60), END], [("start", "handle"), ("handle", "end")], volume=200
    )
    large = build_case(
        [START, task("handle", 30), END], [("start", "handle"), ("handle", "end")], volume=5000
    )
    cmp = compare_processes(small, "p", large, "p")
    hours = next(f for f in cmp.per_1000_cases if f.key == "workload_hours.total")
    assert (hours.a, hours.b) == pytest.approx((1000.0, 500.0))
    fte = next(f for f in cmp.per_1000_cases if f.key == "fte.total")
    assert fte.a == pytest.approx(1000 / 1695)
    assert cmp.activities[0].a_hours_per_1000 == pytest.approx(1000.0)
    assert cmp.activities[0].b_hours_per_1000 == pytest.approx(500.0)
    touch = next(f for f in cmp.per_case if f.key == "touch_hours")
    assert (touch.a, touch.b) == pytest.approx((1.0, 0.5))


def test_storuman_against_another_municipality_per_thousand_cases(examples):
    from verksam.formats.casefile import load_case

    storuman = load_case(examples / "storuman" / "case.yaml")
    other = load_case(examples / "storuman" / "other-municipality.yaml")
    pid_a = next(p.id for p in storuman.processes if p.category == other.processes[0].category)
    cmp = compare_processes(storuman, pid_a, other, other.processes[0].id)
    hours = next(f for f in cmp.per_1000_cases if f.key == "workload_hours.total")
    assert hours.a == pytest.approx(cmp.a.total_workload_hours * 1000 / cmp.a.volume_per_year)
    assert hours.b == pytest.approx(cmp.b.total_workload_hours * 1000 / cmp.b.volume_per_year)
    assert sum(r.a_hours_per_1000 for r in cmp.activities) == pytest.approx(
        1000 * cmp.a.touch_hours
    )


def test_changed_branch_probabilities_are_listed(examples):
    from verksam.formats.casefile import load_case

    si = load_case(examples / "si" / "case.yaml")
    changes = compare_variants(si, "henvendelse", "as-is", "to-be").changes
    shift = {c.activity: (c.a, c.b) for c in changes if c.kind == "probability"}
    assert shift["kanal->besvare-telefon"] == (0.60, 0.42)
    assert shift["svarkanal->sende-svarbrev"] == (0.70, 0.59)


def _two_countries(rate_in_a: float | None = None, rate_in_b: float | None = None):
    import datetime as dt

    from verksam.model import ExchangeRate

    nodes = [START, task("t", 60), END]
    flows = [("start", "t"), ("t", "end")]
    se = build_case(nodes, flows, volume=1000, country="SE")
    no = build_case(nodes, flows, volume=1000, country="NO")
    day = dt.date(2026, 12, 1)
    if rate_in_a is not None:
        se.settings.exchange_rates.append(ExchangeRate(currency="NOK", rate=rate_in_a, date=day))
    if rate_in_b is not None:
        no.settings.exchange_rates.append(ExchangeRate(currency="SEK", rate=rate_in_b, date=day))
    return compare_processes(se, "p", no, "p")


def test_costs_in_two_currencies_are_not_netted_without_an_exchange_rate():
    cmp = _two_countries()
    assert "cost.total" not in {f.key for f in cmp.per_1000_cases}
    assert cmp.currency == "" and cmp.exchange is None
    assert [m["code"] for m in cmp.messages] == ["no-rate", "hours-per-fte"]


def test_an_exchange_rate_of_either_case_converts_the_other_sides_costs():
    # One clerk hour (600 per hour in each currency) per case, 1,000 cases.
    own = _two_countries(rate_in_a=0.98)
    cost = next(f for f in own.per_1000_cases if f.key == "cost.total")
    assert (cost.a, cost.b) == pytest.approx((600_000, 600_000 * 0.98))
    assert own.currency == "SEK" and own.exchange is not None and own.exchange.case == "test"
    assert own.roles_b["clerk"]["cost"] == pytest.approx(600_000 * 0.98)
    inverted = _two_countries(rate_in_b=1 / 0.98)
    cost = next(f for f in inverted.per_1000_cases if f.key == "cost.total")
    assert cost.b == pytest.approx(600_000 * 0.98)
