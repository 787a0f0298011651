"""Tornado: each key input ±X % with the others fixed; break-even of the most uncertain input."""

from __future__ import annotations

import pytest
from benefits_builders import money_case

from verksam.benefits import sensitivity

R = 0.04
ANNUITY = sum(1 / (1 + R) ** t for t in range(1, 6))  # years 1..5


def case(**kwargs):
    return money_case(
        benefits=[
            {
                "id": "saving",
                "category": "cash-releasing",
                "formula": "cases * minutes_saved * rate",
            }
        ],
        assumptions=[
            {"id": "cases", "value": 1000, "uncertainty": 0.1},
            {"id": "minutes_saved", "value": 6, "uncertainty": 0.5},
            {"id": "rate", "value": 10},
        ],
        costs=[{"id": "build", "kind": "investment", "amount": 150000, "year": 0}],
        **kwargs,
    )


def test_tornado_varies_each_input_by_the_percentage():
    s = sensitivity(case(), 0.2)
    base = 60000 * ANNUITY - 150000
    assert s.base_npv == pytest.approx(base)
    items = {i.key: i for i in s.items}
    cases = items["assumption:cases"]
    assert cases.npv_low == pytest.approx(0.8 * 60000 * ANNUITY - 150000)
    assert cases.npv_high == pytest.approx(1.2 * 60000 * ANNUITY - 150000)
    investment = items["costs:investment"]
    assert investment.npv_low == pytest.approx(60000 * ANNUITY - 0.8 * 150000)
    assert [i.swing for i in s.items] == sorted((i.swing for i in s.items), reverse=True)


def test_break_even_of_the_most_uncertain_input():
    s = sensitivity(case(), 0.2)
    assert s.break_even is not None
    assert s.break_even.key == "assumption:minutes_saved"  # ±50 % moves the NPV most
    # NPV = 0 when 1000 × minutes × 10 × annuity = 150000
    assert s.break_even.value == pytest.approx(150000 / (1000 * 10 * ANNUITY), rel=1e-6)


def test_no_break_even_when_the_npv_cannot_reach_zero():
    c = case()
    c.benefits.benefits[0].formula = "cases * minutes_saved * rate + 100000"
    items = {i.key: i for i in sensitivity(c, 0.2).items}
    # even with no cases at all, 100 000 a year pays for the investment
    assert items["assumption:cases"].break_even_value is None
    assert items["assumption:cases"].break_even_factor is None


def test_sensitivity_leaves_the_case_as_it_was(examples):
    from verksam.formats.casefile import load_case

    si = load_case(examples / "si" / "case.yaml")
    before = si.model_dump()
    items = {i.key: i for i in sensitivity(si, 0.2).items}
    assert si.model_dump() == before
    # more work per to-be case lowers the NPV; more cases raise it
    assert items["touch:henvendelse:to-be"].npv_high < items["touch:henvendelse:to-be"].npv_low
    assert items["volume:henvendelse"].npv_high > items["volume:henvendelse"].npv_low
