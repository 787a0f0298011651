"""The yearly table, NPV, payback, alternatives and the Digdir co-financing view of a case."""

from __future__ import annotations

import numpy_financial as npf
import pytest
from benefits_builders import money_case

from verksam.benefits import benefits_report

R = 0.04


def df(t):
    return 1 / (1 + R) ** t


def typed_case(**kwargs):
    return money_case(
        benefits=[
            {
                "id": "saving",
                "category": "cash-releasing",
                "amount_per_year": 100,
                "ramp_up": [0.5],
            },
            {
                "id": "income",
                "category": "reallocation",
                "amount_per_year": 1000,
                "in_total": False,
            },
            {
                "id": "hassle",
                "category": "other-public",
                "amount_per_year": 10,
                "dis_benefit": True,
                "start_year": 2,
            },
            {"id": "happier", "category": "non-monetised", "amount_per_year": 999},
        ],
        costs=[
            {"id": "build", "kind": "investment", "amount": 200, "year": 0},
            {"id": "run", "kind": "running", "amount": 20, "year": 1, "end_year": 3},
        ],
        **kwargs,
    )


# Net flows by hand: year 0 −200; 1: 50 − 20; 2: 100 − 10 − 20; 3: 100 − 10 − 20; 4, 5: 100 − 10
NET = [-200, 30, 70, 70, 90, 90]


def test_yearly_table_counts_ramp_up_start_years_dis_benefits_and_running_costs():
    report = benefits_report(typed_case())
    assert [round(r.net, 9) for r in report.cash_flow.years] == NET
    assert [r.year for r in report.cash_flow.years] == list(range(2030, 2036))
    assert report.cash_flow.years[1].benefits == {"saving": 50.0, "hassle": -0.0}


def test_npv_and_payback_by_hand_and_by_numpy_financial():
    report = benefits_report(typed_case())
    by_hand = sum(flow * df(t) for t, flow in enumerate(NET))
    assert report.npv == pytest.approx(by_hand)
    assert report.npv == pytest.approx(float(npf.npv(R, NET)))
    assert report.cash_flow.payback_year == 4  # cumulative −200, −170, −100, −30, 60
    # discounted cumulative: −200, −171.2, −106.4, −44.2, +32.7
    assert report.cash_flow.discounted_payback_year == 4


def test_alternatives_compare_against_the_zero_alternative():
    case = typed_case(
        extra={
            "alternatives": [
                {"id": "cut", "benefits": ["saving", "happier"], "costs": ["build", "run"]},
                {"id": "reuse", "benefits": ["income"], "costs": ["build", "run"], "risk": "high"},
            ]
        }
    )
    alts = {a.id: a for a in benefits_report(case).alternatives}
    assert alts["zero"].npv == 0
    cut = [-200, 30, 80, 80, 100, 100]
    reuse = [-200, 980, 980, 980, 1000, 1000]  # no ramp-up: the full 1000 from year 1
    assert alts["cut"].npv == pytest.approx(float(npf.npv(R, cut)))
    assert alts["reuse"].npv == pytest.approx(float(npf.npv(R, reuse)))
    assert [alts[k].rank for k in ("reuse", "cut", "zero")] == [1, 2, 3]
    assert any("happier" in text for text in alts["cut"].non_monetised)


def test_digdir_view_cuts_half_the_net_internal_gains():
    case = typed_case(extra={"co_financing_share": 0.5})
    co = benefits_report(case).co_financing
    assert co is not None
    # cash-releasing 'saving' minus running costs, halved: 0, (50−20)/2, (100−20)/2 ×2, 100/2 ×2
    cuts = [0, 15, 40, 40, 50, 50]
    assert co.yearly_budget_cut == pytest.approx(cuts)
    assert co.budget_cut_pv == pytest.approx(float(npf.npv(R, cuts)))
    assert co.max_grant == 100
    assert co.eligible_size is False  # 200 NOK is far below 10 MNOK
    npv = benefits_report(case).npv
    assert co.agency_npv == pytest.approx(npv + 100 - co.budget_cut_pv)


def test_totals_and_json_keys():
    data = benefits_report(typed_case()).to_dict()
    for key in (
        "benefits",
        "costs",
        "npv",
        "payback_year",
        "discount_rate",
        "sensitivity",
        "years",
    ):
        assert key in data
    first = data["benefits"][0]
    assert {"id", "category", "fte", "amount_per_year", "derived_from"} <= set(first)
    assert data["totals"]["amount_per_year"] == pytest.approx(100 - 10)
    assert data["discount_rate"] == R


def test_an_alternative_linked_to_another_variant_derives_its_benefits_from_it():
    from verksam.model import Variant

    case = money_case(
        benefits=[
            {
                "id": "freed",
                "category": "cash-releasing",
                "derived_from": {"process": "p", "measure": "fte", "value_per_fte": "per_fte"},
            }
        ],
        assumptions=[{"id": "per_fte", "value": 600000}],
        extra={
            "alternatives": [
                {"id": "plan-a", "process": "p", "variant": "to-be", "benefits": ["freed"]},
                {"id": "plan-b", "process": "p", "variant": "lean", "benefits": ["freed"]},
            ]
        },
    )
    process = case.process("p")
    lean = Variant.model_validate(process.variant("to-be").model_dump())
    lean.id = "lean"
    lean.node("handle").touch_minutes = 50  # saves only 10 of the 60 minutes
    process.variants.append(lean)
    alts = {a.id: a for a in benefits_report(case).alternatives}
    assert alts["plan-a"].fte == pytest.approx(3390 * 40 / 60 / 1695)
    assert alts["plan-b"].fte == pytest.approx(3390 * 10 / 60 / 1695)
    assert alts["plan-b"].amount_per_year == pytest.approx(3390 * 10 / 60 / 1695 * 600000)
    assert alts["plan-a"].rank < alts["plan-b"].rank
