"""Stakeholder strategies (Mendelow), prerequisite flags and the realisation plan."""

from __future__ import annotations

import datetime as dt

import pytest
from benefits_builders import money_case

from verksam.benefits import benefits_report, mendelow


@pytest.mark.parametrize(
    ("power", "interest", "strategy"),
    [
        ("high", "high", "manage-closely"),
        ("high", "low", "keep-satisfied"),
        ("high", "medium", "keep-satisfied"),
        ("low", "high", "keep-informed"),
        ("medium", "high", "keep-informed"),
        ("low", "low", "monitor"),
        ("medium", "medium", "monitor"),
    ],
)
def test_mendelow_grid(power, interest, strategy):
    assert mendelow(power, interest) == strategy


def test_stakeholder_rows_suggest_a_strategy_and_flag_attitude_gaps():
    case = money_case(
        extra={
            "stakeholders": [
                {"id": "board", "power": "high", "interest": "high", "attitude": "positive"},
                {
                    "id": "staff",
                    "power": "low",
                    "interest": "high",
                    "attitude": "negative",
                    "desired_attitude": "positive",
                    "strategy": "manage-closely",
                },
            ]
        }
    )
    rows = {s.id: s for s in benefits_report(case).stakeholders}
    assert rows["board"].strategy == "manage-closely" and not rows["board"].strategy_differs
    assert rows["staff"].strategy == "manage-closely"
    assert rows["staff"].suggested_strategy == "keep-informed"
    assert rows["staff"].strategy_differs and rows["staff"].needs_action


def prerequisite_case():
    return money_case(
        benefits=[
            {"id": "a", "category": "cash-releasing", "amount_per_year": 10, "owner": "X",
             "prerequisites": ["login"]},
            {"id": "b", "category": "cash-releasing", "amount_per_year": 10, "owner": "Y"},
            {"id": "c", "category": "cash-releasing", "amount_per_year": 10, "owner": "Z",
             "prerequisites": ["done"]},
        ],
        extra={
            "prerequisites": [
                {"id": "login", "status": "in-progress", "due": "2030-06-30"},
                {"id": "union", "status": "not-started", "due": "2031-01-31", "benefits": ["b"]},
                {"id": "done", "status": "met", "due": "2020-01-01"},
            ]
        },
    )  # fmt: skip


def test_benefits_with_unmet_prerequisites_are_flagged():
    report = benefits_report(prerequisite_case(), today=dt.date(2030, 12, 1))
    a, b, c = (report.benefit(x) for x in "abc")
    assert a.unmet_prerequisites == ["login"] and a.overdue_prerequisites == ["login"]
    assert a.flags == ["prerequisites-unmet", "prerequisites-overdue"]
    assert b.prerequisites == ["union"]  # linked from the prerequisite's side
    assert b.flags == ["prerequisites-unmet"]
    assert c.flags == []
    rows = {p.id: p for p in report.prerequisites}
    assert rows["login"].overdue and not rows["union"].overdue and not rows["done"].overdue
    assert rows["union"].benefits == ["b"]


def test_realisation_plan_against_measured_values():
    case = money_case(
        benefits=[
            {
                "id": "letters",
                "category": "non-monetised",
                "indicator": "letters sent",
                "baseline": 1000,
                "target": 600,
                "ramp_up": [0.5],
                "measurements": [
                    {"date": "2031-12-31", "value": 900},
                    {"date": "2032-12-31", "value": 700},
                ],
            }
        ]
    )
    row = benefits_report(case).realisation[0]
    planned = {p["year"]: p["planned"] for p in row.plan}
    assert planned[2030] == 1000 and planned[2031] == 800 and planned[2032] == 600
    assert [m["planned"] for m in row.measurements] == [800, 600]
    assert [m["share"] for m in row.measurements] == pytest.approx([0.25, 0.75])
    assert row.share_realised == pytest.approx(0.75)
