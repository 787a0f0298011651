"""Benefit formulas are plain arithmetic over assumptions, evaluated without `eval`."""

from __future__ import annotations

import pytest

from verksam.benefits import BenefitsError, evaluate
from verksam.benefits.formula import to_excel


def test_arithmetic_over_assumptions():
    values = {"letters": 1000.0, "postage": 12.0, "printing": 3.5}
    assert evaluate("letters * (postage + printing)", values, "b") == pytest.approx(15500)
    assert evaluate("2 ** 3 - -1 / 4", {}, "b") == pytest.approx(8.25)


def test_ids_with_dashes_are_written_with_underscores():
    assert evaluate("cost_per_fte * 2", {"cost-per-fte": 10.0}, "b") == 20


@pytest.mark.parametrize(
    "formula",
    ["__import__('os').system('true')", "letters.real", "[1, 2]", "letters if 1 else 2", "'a'"],
)
def test_anything_but_arithmetic_is_refused_naming_the_benefit(formula):
    with pytest.raises(BenefitsError, match="'my-benefit'") as info:
        evaluate(formula, {"letters": 1.0}, "my-benefit")
    assert info.value.element == "my-benefit"


def test_unknown_names_and_division_by_zero_are_named():
    with pytest.raises(BenefitsError, match="'nope', which is not an assumption"):
        evaluate("nope * 2", {}, "b")
    with pytest.raises(BenefitsError, match="divides by zero"):
        evaluate("1 / zero", {"zero": 0.0}, "b")


def test_excel_rendering_uses_cell_references_and_caret_for_powers():
    cells = {"a": "'Inputs'!$C$6", "b-c": "'Inputs'!$C$7"}
    assert to_excel("a * b_c ** 2", cells, "x") == "('Inputs'!$C$6*('Inputs'!$C$7^2.0))"
    assert to_excel("-a", cells, "x") == "(-'Inputs'!$C$6)"
