"""The SI pilot case reproduces the figures of PILOTS.md from its visible inputs.

PILOTS.md (case 4): digitalising the inquiry-handling process gives a reduction of 20.5 FTE,
savings of about 10 MNOK, or alternatively an income increase of about 40 MNOK when the freed
staff are reallocated to collection work, and about 0.5 MNOK saved through fewer letters.
Tolerances: the FTE figure is stated to one decimal, so ±0.05 FTE; "about" figures ±5 %.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from verksam.analysis import analyze
from verksam.benefits import benefits_report
from verksam.cli import app
from verksam.formats.casefile import load_case

PILOT_FTE = 20.5
PILOT_SAVING = 10_000_000
PILOT_INCOME = 40_000_000
PILOT_LETTERS = 500_000


@pytest.fixture
def si(examples):
    return load_case(examples / "si" / "case.yaml")


def test_the_case_file_validates(examples):
    result = CliRunner().invoke(app, ["validate", str(examples / "si" / "case.yaml")])
    assert result.exit_code == 0, result.output


def test_fte_reduction_is_20_5(si):
    report = benefits_report(si)
    assert report.benefit("frigjorte-arsverk").fte == pytest.approx(PILOT_FTE, abs=0.05)
    # the same figure straight from the process analysis: as-is FTE minus to-be FTE
    as_is = analyze(si, "henvendelse", "as-is").fte["total"]
    to_be = analyze(si, "henvendelse", "to-be").fte["total"]
    assert as_is - to_be == pytest.approx(PILOT_FTE, abs=0.05)


def test_saving_is_about_10_million(si):
    amount = benefits_report(si).benefit("frigjorte-arsverk").amount_per_year
    assert amount == pytest.approx(PILOT_SAVING, rel=0.05)


def test_reallocation_income_is_about_40_million(si):
    amount = benefits_report(si).benefit("okt-innkreving").amount_per_year
    assert amount == pytest.approx(PILOT_INCOME, rel=0.05)


def test_fewer_letters_save_about_half_a_million(si):
    amount = benefits_report(si).benefit("faerre-brev").amount_per_year
    assert amount == pytest.approx(PILOT_LETTERS, rel=0.05)


def test_saving_and_income_are_alternatives_not_added_together(si):
    report = benefits_report(si)
    assert report.benefit("okt-innkreving").in_total is False
    alternatives = {a.id: a for a in report.alternatives}
    assert alternatives["alt-omdisponering"].amount_per_year == pytest.approx(
        PILOT_INCOME + PILOT_LETTERS, rel=0.05
    )
    assert alternatives["alt-gevinstuttak"].amount_per_year == pytest.approx(
        PILOT_SAVING + PILOT_LETTERS, rel=0.05
    )


def test_figures_follow_the_inputs(si):
    """Changing a visible input changes the benefit: the figures are computed, not typed in."""
    base = benefits_report(si)
    for a in si.benefits.assumptions:
        if a.id == "kostnad_per_arsverk":
            a.value = 2 * a.value
    si.process("henvendelse").variant("to-be").volume_per_year = 0
    changed = benefits_report(si)
    as_is_fte = analyze(si, "henvendelse", "as-is").fte["total"]
    assert changed.benefit("frigjorte-arsverk").fte == pytest.approx(as_is_fte)
    assert changed.benefit("frigjorte-arsverk").amount_per_year == pytest.approx(
        as_is_fte * 2 * 490_000
    )
    assert base.benefit("frigjorte-arsverk").fte != pytest.approx(as_is_fte)


def test_case_is_norwegian_and_labels_what_is_illustrative(si):
    assert si.settings.country == "NO"
    assert si.settings.effective_currency == "NOK"
    assert si.settings.effective_language == "nb"
    assert "20,5 årsverk" in si.illustrative
    assert "oppdiktet" in si.illustrative
