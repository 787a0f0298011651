"""Benefits derived from a process change follow the process model and explain themselves."""

from __future__ import annotations

import pytest
from benefits_builders import money_case

from verksam.benefits import BenefitsError, benefits_report

FREED_HOURS = 3390 * (60 - 20) / 60  # volume × minutes saved per case
FREED_FTE = FREED_HOURS / 1695  # Norway's hours per FTE


def derived(**derivation):
    return {
        "id": "freed",
        "category": "cash-releasing",
        "owner": "Head of unit",
        "derived_from": {"process": "p", **derivation},
    }


def test_freed_fte_valued_with_an_assumption():
    case = money_case(
        benefits=[derived(measure="fte", value_per_fte="cost_per_fte")],
        assumptions=[{"id": "cost_per_fte", "value": 600000}],
    )
    b = benefits_report(case).benefit("freed")
    assert b.source == "derived"
    assert b.fte == pytest.approx(FREED_FTE)
    assert b.hours == pytest.approx(FREED_HOURS)
    assert b.amount_per_year == pytest.approx(FREED_FTE * 600000)
    assert b.derived_from["baseline_figures"]["hours"] == pytest.approx(3390 * 1.5)


def test_cost_measure_uses_each_roles_cost_per_hour():
    case = money_case(benefits=[derived(measure="cost")])
    assert benefits_report(case).benefit("freed").amount_per_year == pytest.approx(
        FREED_HOURS * 500
    )


def test_roles_filter_counts_only_those_roles():
    case = money_case(benefits=[derived(measure="hours", roles=["lawyer"])])
    assert benefits_report(case).benefit("freed").hours == pytest.approx(0.0)


def test_visits_measure_counts_fewer_executions_valued_by_formula():
    case = money_case(
        benefits=[derived(measure="visits", activity="letter", value_formula="postage + printing")],
        assumptions=[{"id": "postage", "value": 12}, {"id": "printing", "value": 3.5}],
    )
    b = benefits_report(case).benefit("freed")
    assert b.count == pytest.approx(3390 * (1 - 0.25))
    assert b.amount_per_year == pytest.approx(3390 * 0.75 * 15.5)


def test_a_derived_benefit_updates_when_the_process_changes():
    case = money_case(benefits=[derived(measure="fte")])
    before = benefits_report(case).benefit("freed").fte
    case.process("p").variant("to-be").node("handle").touch_minutes = 50
    after = benefits_report(case).benefit("freed").fte
    assert before == pytest.approx(FREED_FTE)
    assert after == pytest.approx(3390 * 10 / 60 / 1695)


def test_explanation_walks_from_volumes_and_times_to_money():
    case = money_case(
        benefits=[derived(measure="fte", value_per_fte="cost_per_fte")],
        assumptions=[{"id": "cost_per_fte", "name": "Cost per FTE", "value": 600000}],
    )
    steps = benefits_report(case).benefit("freed").explanation
    codes = [s.code for s in steps]
    assert codes[0] == "workload" and codes[-3:] == ["freed-hours", "fte", "value-fte"]
    # Norwegian case: Norwegian words and number format
    assert "3 390 saker i året × 90,00 minutter" in steps[0].text.replace("\u00a0", " ")
    assert "2 260 timer ÷ 1 695 timer per årsverk = 1,33 årsverk" in steps[-2].text.replace(
        "\u00a0", " "
    )
    assert "Cost per FTE" in steps[-1].text
    assert steps[-2].params["fte"] == "1,33"


def test_a_broken_derivation_names_the_benefit():
    case = money_case(benefits=[derived(measure="fte", target="nope")])
    with pytest.raises(BenefitsError, match=r"benefit 'freed'.*'nope'"):
        benefits_report(case)
    case = money_case(benefits=[derived(measure="visits")])
    with pytest.raises(BenefitsError, match="needs the activity"):
        benefits_report(case)


@pytest.mark.parametrize(
    ("language", "words"),
    [("sv", "ärenden per år"), ("en", "cases a year"), ("nb", "saker i året")],
)
def test_explanation_speaks_the_case_language(language, words):
    case = money_case(benefits=[derived(measure="fte")])
    case.settings.language = language
    first = benefits_report(case).benefit("freed").explanation[0]
    assert words in first.text
    assert first.params["volume"].replace("\u00a0", " ") == "3 390"
