"""Indicators from every source: the SI pilot's share of inquiries solved digitally before and
after, effect goals and service declarations as indicators, values from CSV and XLSX files (with
their problems named by line and column, nothing saved), a monthly series from an analysed event log
added in one step, and the organisation's dashboard of every case (its own cases only)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from verksam.formats import load_case
from verksam.model import Case as CaseModel
from verksam.web.cases.services import create_case, model_of
from verksam.web.indicators.series import MET, OFF_TRACK, ON_THE_WAY, indicators
from verksam.web.indicators.upload import UploadError, read_values

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def si() -> CaseModel:
    return load_case(EXAMPLES / "si" / "case.yaml")


def test_si_share_of_inquiries_solved_digitally_before_and_after() -> None:
    digital = next(i for i in indicators(si()) if i.element == "flere-digitale-henvendelser")
    assert [(p.date, p.value) for p in digital.points] == [
        (dt.date(2024, 12, 31), 0),  # before Min side
        (dt.date(2025, 6, 30), 9),
        (dt.date(2025, 12, 31), 16),  # after one year
    ]
    assert (digital.target, digital.lower_is_better, digital.status) == (20, False, ON_THE_WAY)
    assert digital.trend == 7 and digital.trend_is_better is True


def test_a_service_declaration_is_an_indicator_of_the_share_within_its_promise() -> None:
    declaration = next(i for i in indicators(si(), "share") if i.kind == "service")
    assert declaration.element == "skriftlig-svar-fem-dager"
    assert (declaration.target, declaration.unit, declaration.lower_is_better) == (90, "%", False)
    assert declaration.path == "services/skriftlig-svar-fem-dager/measurements"


def test_an_effect_goal_has_a_series_with_its_own_direction() -> None:
    model = CaseModel.model_validate({
        "id": "x", "name": "X",
        "effect_map": {"effect_goals": [{
            "id": "waiting", "name": "Shorter waiting", "indicator": "Days to a decision",
            "unit": "days", "target": 10, "direction": "lower-is-better",
            "measurements": [{"date": "2026-01-31", "value": 30}, {"date": "2026-02-28", "value": 8}],
        }]},
    })  # fmt: skip
    (effect,) = indicators(model)
    assert effect.kind == "effect" and effect.lower_is_better and effect.status == MET
    assert effect.path == "effect_map/effect_goals/waiting/measurements"
    # without a direction and baseline, the first value against the target tells the same
    model.effect_map.effect_goals[0].direction = None  # type: ignore[union-attr]
    assert indicators(model)[0].lower_is_better
    # said otherwise, the same values are off track
    model.effect_map.effect_goals[0].direction = "higher-is-better"  # type: ignore[union-attr]
    assert indicators(model)[0].status == OFF_TRACK


def test_the_file_reader_takes_nordic_numbers_and_dates() -> None:
    text = "Dato;Verdi;Merknad\n31.03.2026;1 234,5;første\n2026-04-30;12.5;\n2026-05;45 %;mai\n\n"
    points = read_values(text.encode("cp1252"), "verdier.csv")  # as Excel saves on Windows
    assert [(p.date, p.value, p.note) for p in points] == [
        (dt.date(2026, 3, 31), 1234.5, "første"),
        (dt.date(2026, 4, 30), 12.5, ""),
        (dt.date(2026, 5, 31), 45.0, "mai"),  # a month: its last day
    ]
    assert [p.value for p in read_values(b"2026-01-31,7\n2026-02-28,8\n", "plain.csv")] == [7, 8]


def test_the_file_reader_reads_an_excel_workbook() -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Datum", "Värde", "Anteckning"])
    sheet.append([dt.datetime(2026, 3, 31), 0.62, "mars"])
    sheet.append(["30.04.2026", "0,71", None])
    data = io.BytesIO()
    book.save(data)
    points = read_values(data.getvalue(), "värden.xlsx")
    assert [(p.date, p.value, p.note) for p in points] == [
        (dt.date(2026, 3, 31), 0.62, "mars"), (dt.date(2026, 4, 30), 0.71, ""),
    ]  # fmt: skip


def test_every_problem_of_a_file_is_named_by_line_and_column() -> None:
    from django.utils import translation

    text = "date;value\n2026-01-31;5\n31.02.2026;6\n2026-03-31;many\n2026-04-30;\n2026-01-31;9\n"
    with translation.override("en"), pytest.raises(UploadError) as caught:
        read_values(text.encode(), "values.csv")
    with translation.override("en"):
        shown = [str(p) for p in caught.value.problems]
    assert shown == [
        "Line 3, column “date”: “31.02.2026” is not a date; write it as 2026-03-31 or 31.03.2026.",
        "Line 4, column “value”: “many” is not a number; write it as 12,5 or 12.5.",
        "Line 5, column “value”: the value is missing.",
        "Line 6, column “date”: 2026-01-31 is also on line 2; give each date once.",
    ]


def _si_case(home: Any) -> Any:
    return create_case(home.organisation, home.owner, si(), how="import")


@pytest.mark.django_db
def test_values_from_a_file_are_previewed_then_saved_in_one_revision(
    home: Any, client_for: Any
) -> None:
    case = _si_case(home)
    client = client_for(home.editor)
    client.cookies["django_language"] = "nb"
    kwargs = {"org": "home", "case": case.slug}
    upload = SimpleUploadedFile(
        "andel.csv", b"Dato;Andel\n31.01.2026;87,5;januar\n28.02.2026;91,2;februar\n"
    )
    preview = client.post(reverse("indicators:upload", kwargs=kwargs),
                          {"element": "service:skriftlig-svar-fem-dager", "file": upload})  # fmt: skip
    html = preview.content.decode()
    assert preview.status_code == 200 and "87,5" in html and "Lagre verdiene" in html
    case.refresh_from_db()
    revision = case.revision
    assert not model_of(case).services[0].measurements  # nothing saved by the preview
    payload = html.split('name="payload" value="', 1)[1].split('"', 1)[0]
    saved = client.post(reverse("indicators:upload_save", kwargs=kwargs), {"payload": payload})
    assert saved.status_code == 302
    case.refresh_from_db()
    assert case.revision == revision + 1
    declaration = next(i for i in indicators(model_of(case)) if i.kind == "service")
    assert [(p.value, p.note) for p in declaration.points] == [(87.5, "januar"), (91.2, "februar")]
    assert declaration.status == MET
    dashboard = client.get(reverse("indicators:dashboard", kwargs=kwargs)).content.decode()
    assert "Andel saker innenfor løftet" in dashboard and "Målet er nådd" in dashboard


@pytest.mark.django_db
def test_a_file_with_problems_saves_nothing_and_says_where(home: Any, client_for: Any) -> None:
    case = _si_case(home)
    client = client_for(home.editor)
    client.cookies["django_language"] = "nb"
    kwargs = {"org": "home", "case": case.slug}
    upload = SimpleUploadedFile("feil.csv", b"Dato;Verdi\n31.01.2026;10\n2026-13-01;11\n")
    response = client.post(reverse("indicators:upload", kwargs=kwargs),
                           {"element": "goal:flere-digitale-henvendelser", "file": upload})  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 400
    assert "Linje 3, kolonnen «dato»: «2026-13-01» er ikke en dato" in html
    assert "ingenting ble lagret" in html and 'name="payload"' not in html
    before = case.revision
    case.refresh_from_db()
    assert case.revision == before


@pytest.mark.django_db
def test_a_viewer_cannot_upload_values(home: Any, client_for: Any) -> None:
    case = _si_case(home)
    upload = SimpleUploadedFile("a.csv", b"2026-01-31;1\n")
    response = client_for(home.viewer).post(
        reverse("indicators:upload", kwargs={"org": "home", "case": case.slug}),
        {"element": "goal:flere-digitale-henvendelser", "file": upload},
    )
    assert response.status_code in (403, 404)


LOG = """case;activity;timestamp
1;Motta henvendelse;2026-01-12 09:00
1;Besvare skriftlig;2026-01-14 09:00
2;Motta henvendelse;2026-01-19 09:00
2;Besvare skriftlig;2026-01-30 09:00
3;Motta henvendelse;2026-02-02 09:00
3;Besvare skriftlig;2026-02-03 15:00
"""


@pytest.mark.django_db(transaction=True)
def test_a_lead_time_series_from_an_event_log_is_added_to_a_goal_in_one_step(
    home: Any, client_for: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    case = _si_case(home)
    editor = client_for(home.editor)
    editor.cookies["django_language"] = "nb"
    kwargs = {"org": "home", "case": case.slug}
    editor.post(reverse("workbench:mining", kwargs=kwargs),
                {"file": SimpleUploadedFile("henvendelser.csv", LOG.encode())})  # fmt: skip
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", "--no-reload",
                 verbosity=0)  # fmt: skip
    from verksam.web.jobs.models import Job

    job = Job.objects.get(kind="mine-log")
    assert job.status == Job.DONE, job.error
    page = editor.get(reverse("workbench:mining_result", kwargs={**kwargs, "job": job.pk}))
    html = page.content.decode()
    assert "Legg til som indikator" in html and "Gjennomsnittlig ledetid for sakene" in html
    # the share within the declaration: case 1 took 2 working days, case 2 nine, case 3 two
    assert job.result["monthly"]["services"]["skriftlig-svar-fem-dager"][0]["value"] == 50.0
    response = editor.post(
        reverse("indicators:from_log", kwargs={**kwargs, "job": job.pk}),
        {"series": "lead_time", "element": "goal:raskere-svar"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:dashboard", kwargs=kwargs)
    case.refresh_from_db()
    goal = next(g for g in model_of(case).vision.goals if g.id == "raskere-svar")  # type: ignore[union-attr]
    # January: cases of 2 and 11 days (mean 6.5); February: one of 1.25 days
    assert [(m.date, m.value) for m in goal.measurements] == [
        (dt.date(2026, 1, 31), 6.5), (dt.date(2026, 2, 28), 1.25),
    ]  # fmt: skip
    assert goal.direction == "lower-is-better"  # the series says so; the goal had no direction
    assert goal.indicator.startswith("Gjennomsnittlig ledetid for en henvendelse")  # kept
    # a lead-time series is not a service declaration's share: refused, nothing saved
    refused = editor.post(
        reverse("indicators:from_log", kwargs={**kwargs, "job": job.pk}),
        {"series": "lead_time", "element": "service:skriftlig-svar-fem-dager"},
    )
    assert refused.status_code == 302
    case.refresh_from_db()
    assert not model_of(case).services[0].measurements


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"),
    [("sv", ["Indikatorer", "Målet är nått", "Ärendets indikatorer"]),
     ("nb", ["Indikatorer", "Bedre enn utgangspunktet", "Sakens indikatorer"]),
     ("en", ["Indicators", "Better than the baseline", "Indicators of the case"])],
)  # fmt: skip
def test_the_organisation_dashboard_shows_its_own_cases_indicators_by_case(
    home: Any, other: Any, client_for: Any, language: str, words: list[str]
) -> None:
    mine = _si_case(home)
    sorsele = create_case(home.organisation, home.owner,
                          load_case(EXAMPLES / "sorsele" / "case.yaml"), how="import")  # fmt: skip
    foreign = create_case(other.organisation, other.owner,
                          load_case(EXAMPLES / "storuman" / "case.yaml"), how="import")  # fmt: skip
    client = client_for(home.viewer)
    client.cookies["django_language"] = language
    html = client.get(reverse("org_indicators:dashboard", kwargs={"org": "home"})).content.decode()
    for word in words:
        assert word in html, word
    assert mine.name in html and sorsele.name in html and foreign.name not in html
    assert html.count("<svg") == len(indicators(model_of(mine))) + len(
        indicators(model_of(sorsele))
    )
    assert html.index(mine.name) < html.index("Flere henvendelser løses digitalt")
    other_org = client.get(reverse("org_indicators:dashboard", kwargs={"org": "other"}))
    assert other_org.status_code == 404


@pytest.mark.django_db
def test_the_charts_speak_the_case_language_whatever_the_readers(
    home: Any, client_for: Any
) -> None:
    case = _si_case(home)
    client = client_for(home.viewer)
    client.cookies["django_language"] = "en"
    html = client.get(
        reverse("indicators:dashboard", kwargs={"org": "home", "case": case.slug})
    ).content.decode()
    assert "Target reached" not in html and "Better than the baseline" in html  # the page: en
    chart = html.split("<svg", 2)[1]
    assert 'lang="nb"' in chart and "Mål 20" in chart and "31.12.2025" in chart  # the chart: nb
    assert "Andel saker innenfor løftet" in html  # the declaration's indicator, in the case's words


@pytest.mark.django_db
def test_an_editor_removes_a_wrong_value_and_the_baseline_stays(home: Any, client_for: Any) -> None:
    case = _si_case(home)
    client = client_for(home.editor)
    kwargs = {"org": "home", "case": case.slug}
    html = client.get(reverse("indicators:dashboard", kwargs=kwargs)).content.decode()
    path = "vision/goals/flere-digitale-henvendelser/measurements"
    assert 'name="date" value="2025-06-30"' in html
    assert 'name="date" value="2024-12-31"' not in html  # the baseline is not a measured value
    url = reverse("indicators:remove_value", kwargs=kwargs)
    client.post(url, {"path": path, "date": "2025-06-30"})
    case.refresh_from_db()
    digital = next(
        i for i in indicators(model_of(case)) if i.element == "flere-digitale-henvendelser"
    )
    assert [p.value for p in digital.points] == [0, 16]
    revision = case.revision
    client.post(url, {"path": path, "date": "2025-06-30"})  # already gone: nothing changes
    case.refresh_from_db()
    assert case.revision == revision
    viewer = client_for(home.viewer).post(url, {"path": path, "date": "2025-12-31"})
    assert viewer.status_code in (403, 404)
