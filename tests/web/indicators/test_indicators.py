"""Indicators over time on the pilots' goals and benefits: the series with baseline and target,
the traffic light and trend, the chart with its target line and table, and a value added by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from verksam.formats import load_case
from verksam.web.cases.services import create_case, model_of
from verksam.web.indicators.series import MET, OFF_TRACK, ON_THE_WAY, indicators

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def by_owner(example: str) -> dict[str, Any]:
    return {i.owner: i for i in indicators(load_case(EXAMPLES / example / "case.yaml"))}


def test_sorsele_email_answers_go_up_towards_the_target_of_90_percent() -> None:
    email = by_owner("sorsele")["Enkla e-postfrågor besvaras inom en arbetsdag"]
    assert [p.value for p in email.points] == [52, 61, 78, 88]
    assert (email.baseline, email.target, email.lower_is_better) == (52, 90, False)
    assert email.status == ON_THE_WAY
    assert email.trend == 10 and email.trend_is_better is True


def test_si_letters_sent_are_lower_is_better_from_the_baseline_to_the_first_measurement() -> None:
    letters = next(i for i in by_owner("si").values() if i.path.startswith("benefits/"))
    assert [(p.date, p.value) for p in letters.points] == [
        (dt.date(2024, 12, 31), 186489),  # the baseline, before the digital answers
        (dt.date(2025, 12, 31), 176000),  # after
    ]
    assert letters.lower_is_better and letters.target == 154104
    assert letters.status == ON_THE_WAY and letters.trend_is_better is True


@pytest.mark.django_db
def test_the_dashboard_draws_each_indicator_with_its_target_and_a_table(
    home: Any, client_for: Any
) -> None:
    case = create_case(
        home.organisation, home.owner, load_case(EXAMPLES / "sorsele" / "case.yaml"), how="import"
    )
    client = client_for(home.viewer)
    client.cookies["django_language"] = "sv"
    url = reverse("indicators:dashboard", kwargs={"org": "home", "case": case.slug})
    html = client.get(url).content.decode()
    assert "Enkla e-postfrågor besvaras inom en arbetsdag" in html
    assert 'stroke-dasharray="6 4"' in html and "Mål 90" in html  # the target line, in Swedish
    assert "Bättre än utgångsläget, målet är inte nått ännu" in html
    assert '<td class="number">88</td>' in html  # the latest value in the table
    assert "Add the measured value" not in html and "Lägg till mätvärdet" not in html  # viewer


@pytest.mark.django_db
def test_an_editor_adds_a_measured_value_that_reaches_the_target(
    home: Any, client_for: Any
) -> None:
    case = create_case(
        home.organisation, home.owner, load_case(EXAMPLES / "sorsele" / "case.yaml"), how="import"
    )
    email = next(i for i in indicators(model_of(case)) if i.owner.startswith("Enkla e-post"))
    number = [i.path for i in indicators(model_of(case))].index(email.path) + 1
    client = client_for(home.editor)
    client.cookies["django_language"] = "sv"
    url = reverse("indicators:add_value", kwargs={"org": "home", "case": case.slug})
    prefix = f"i{number}"
    client.post(url, {"prefix": prefix, f"{prefix}-path": email.path, f"{prefix}-date": "2018-10-31",
                      f"{prefix}-value": "91,5", f"{prefix}-note": "Ny mätning"})  # fmt: skip
    case.refresh_from_db()
    again = next(i for i in indicators(model_of(case)) if i.path == email.path)
    assert again.latest is not None and (again.latest.value, again.latest.note) == (
        91.5,
        "Ny mätning",
    )
    assert again.status == MET
    # a value for an element that is not an indicator is refused, nothing saved
    revision = case.revision
    client.post(url, {"prefix": "x", "x-path": "structure/units", "x-date": "2018-10-31",
                      "x-value": "1"})  # fmt: skip
    case.refresh_from_db()
    assert case.revision == revision


def test_a_value_worse_than_the_baseline_is_off_track() -> None:
    email = by_owner("sorsele")["Enkla e-postfrågor besvaras inom en arbetsdag"]
    from dataclasses import replace

    from verksam.web.indicators.series import Point

    worse = replace(email, points=(*email.points, Point(dt.date(2018, 1, 1), 40)))
    assert worse.status == OFF_TRACK and worse.trend_is_better is False


@pytest.mark.parametrize(
    ("values", "target"), [((1.0, 1.0), None), ((2.0, 1.0), None), ((87.5, 91.2), 90.0)]
)
def test_the_chart_labels_its_grid_lines_each_differently_and_counts_as_whole_numbers(
    values: tuple[float, ...], target: float | None
) -> None:
    """A month with one case and another with one case once drew the grid as 0,9 1,0 1,0 1,1 1,1
    and the points as 1,0: the grid now steps by a round number shown with the decimals it needs."""
    import re
    from dataclasses import replace

    from django.utils import translation

    from verksam.web.indicators.chart import line_chart
    from verksam.web.indicators.series import Point

    email = by_owner("sorsele")["Enkla e-postfrågor besvaras inom en arbetsdag"]
    points = tuple(Point(dt.date(2026, m + 1, 28), v) for m, v in enumerate(values))
    series = replace(email, points=points, target=target)
    with translation.override("sv"):
        svg = str(line_chart(series, "Ärenden"))
    grid = re.findall(r'text-anchor="end">([^<]+)<', svg)
    assert len(grid) == len(set(grid)) >= 3, grid
    if all(v.is_integer() for v in values):
        assert "1,0" not in re.findall(r'fill="#[0-9a-f]+">([^<]+)<', svg)


def test_a_trend_carries_its_sign_and_a_share_has_no_grid_line_below_zero() -> None:
    import re

    from django.utils import translation

    from verksam.web.indicators.chart import line_chart
    from verksam.web.indicators.views import signed

    with translation.override("nb"):
        assert (signed(7, 0), signed(0, 0), signed(-0.5, 1)) == ("+7", "0", "\u22120,5")
        assert signed(-10489, 0).startswith("\u221210") and signed(-10489, 0).endswith("489")
        digital = by_owner("si")["Flere henvendelser løses digitalt"]  # 0 → 16 %, target 20
        grid = re.findall(r'text-anchor="end">([^<]+)<', str(line_chart(digital, "Andel")))
    assert grid[0] == "0" and not any(g.startswith(("-", "\u2212")) for g in grid), grid
