"""Progress per participant and module, the comparison view (and who may see it), the course
evaluation with its summary, and the calendar with its iCalendar feed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from verksam.analysis import TOTAL, analyze
from verksam.model import Case as CaseModel
from verksam.web.cases.services import apply_operation
from verksam.web.courses.ical import escape, fold
from verksam.web.courses.models import Module, Session
from verksam.web.courses.services import progress

pytestmark = pytest.mark.django_db


def test_progress_shows_whether_each_view_exists_validates_and_when_it_changed(setup, home) -> None:
    Module.objects.create(
        course=setup.course,
        title="Goals",
        step="goals",
        due_on=timezone.localdate() - dt.timedelta(days=1),
    )
    rows = {r.member.pk: r for r in progress(setup.course, setup.facilitator)}
    se = rows[setup.se.pk]
    process_cell, goals_cell = se.cells
    assert process_cell.present and process_cell.errors == 0 and process_cell.state == "done"
    assert process_cell.changed_at == se.case.revisions.get(number=1).created_at
    model = CaseModel.model_validate(se.case.document)
    assert goals_cell.present is (model.vision is not None)
    # break the process: a flow to an activity that does not exist is a validation error
    process = model.processes[0]
    variant_index = 0
    operation = {
        "op": "add",
        "path": f"processes/{process.id}/variants/{process.variants[variant_index].id}/flows",
        "value": {"source": process.variants[0].nodes[0].id, "target": "nowhere"},
    }
    apply_operation(se.case, home.editor, operation, se.case.revision)
    rows = {r.member.pk: r for r in progress(setup.course, setup.facilitator)}
    cell = rows[setup.se.pk].cells[0]
    assert cell.present and cell.errors >= 1 and cell.state == "problems"
    assert cell.changed_at == se.case.revisions.order_by("-number").first().created_at


def test_a_missing_view_after_the_due_date_is_overdue(setup, home) -> None:
    Module.objects.create(
        course=setup.course, title="Services", step="service-declaration",
        due_on=timezone.localdate() - dt.timedelta(days=3),
    )  # fmt: skip
    model = CaseModel.model_validate(setup.se.case.document)
    cell = progress(setup.course, setup.facilitator)[0].cells[1]
    assert cell.present is bool(model.services)
    if not model.services:
        assert cell.state == "overdue"


def test_the_dashboard_shows_every_participant_and_module(setup, client_for) -> None:
    page = client_for(setup.facilitator).get(
        reverse("courses:dashboard", kwargs={"course": setup.course.pk})
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Home kommun" in text and "Other kommune" in text and "As-is process" in text
    view_link = reverse(
        "courses:participant_view",
        kwargs={"course": setup.course.pk, "member": setup.no.pk, "view": "processes"},
    )
    assert view_link in text


def test_the_comparison_uses_the_analysis_of_each_participants_process(setup, client_for) -> None:
    page = client_for(setup.facilitator).get(
        reverse("courses:compare", kwargs={"course": setup.course.pk, "module": setup.module.pk})
    )
    rows = page.context["rows"]
    assert [r.member.pk for r in rows] == [setup.se.pk, setup.no.pk]
    model = CaseModel.model_validate(setup.se.case.document)
    expected = analyze(model, rows[0].process_id, rows[0].variant_id)
    assert rows[0].variant_id == model.process(rows[0].process_id).variant().id  # as-is
    assert rows[0].metrics.lead_hours == pytest.approx(expected.lead_hours)
    assert rows[0].fte_per_1000 == pytest.approx(
        expected.fte[TOTAL] * 1000 / expected.volume_per_year
    )
    detail = client_for(setup.facilitator).get(
        page.request["PATH_INFO"], {"a": setup.se.pk, "b": setup.no.pk}
    )
    comparison = detail.context["detail"]
    fte = next(f for f in comparison.per_1000_cases if f.key == "fte.total")
    assert fte.a == pytest.approx(rows[0].fte_per_1000)


def test_a_to_be_module_compares_the_to_be_variants(setup, client_for) -> None:
    to_be = Module.objects.create(course=setup.course, title="To-be", step="to-be")
    page = client_for(setup.facilitator).get(
        reverse("courses:compare", kwargs={"course": setup.course.pk, "module": to_be.pk})
    )
    model = CaseModel.model_validate(setup.se.case.document)
    row = page.context["rows"][0]
    assert model.process(row.process_id).variant(row.variant_id).kind == "to-be"


def test_participants_see_the_comparison_only_with_consent(setup, client_for, home, other) -> None:
    url = reverse("courses:compare", kwargs={"course": setup.course.pk, "module": setup.module.pk})
    assert [r.member.pk for r in client_for(home.editor).get(url).context["rows"]] == [
        setup.se.pk, setup.no.pk,
    ]  # fmt: skip
    setup.no.case_readers = "facilitators"
    setup.no.save()
    assert [r.member.pk for r in client_for(home.editor).get(url).context["rows"]] == [setup.se.pk]
    # who does not share sees nobody, and the facilitator sees everyone
    assert client_for(other.editor).get(url).context["rows"] == []
    assert len(client_for(setup.facilitator).get(url).context["rows"]) == 2
    # consent is changed on the course page
    client_for(other.editor).post(
        reverse("courses:consent", kwargs={"course": setup.course.pk}),
        {"case_readers": "course"},
    )
    assert len(client_for(home.editor).get(url).context["rows"]) == 2


def test_the_evaluation_is_answered_and_summarised_without_names(
    setup, client_for, home, other
) -> None:
    questions = list(setup.course.questions.all())
    likert = [q for q in questions if q.kind == "likert"]
    text = [q for q in questions if q.kind == "text"]
    url = reverse("courses:evaluation", kwargs={"course": setup.course.pk})
    client_for(home.editor).post(url, {f"q{likert[0].pk}": "5", f"q{text[0].pk}": "Jämförelsen"})
    client_for(other.editor).post(url, {f"q{likert[0].pk}": "2", f"q{text[0].pk}": "Seminarene"})
    client_for(other.editor).post(url, {f"q{likert[0].pk}": "4", f"q{text[0].pk}": "Seminarene"})
    summary = client_for(setup.facilitator).get(
        reverse("courses:evaluation_summary", kwargs={"course": setup.course.pk})
    )
    assert summary.context["count"] == 2  # answering again replaces the earlier answers
    first = summary.context["summaries"][0]
    assert first.mean == pytest.approx(4.5)
    assert [(s, n) for s, n, _share in first.distribution] == [
        (1, 0),
        (2, 0),
        (3, 0),
        (4, 1),
        (5, 1),
    ]
    texts = next(s for s in summary.context["summaries"] if s.question == text[0]).texts
    assert texts == ["Jämförelsen", "Seminarene"]
    assert "home-editor" not in summary.content.decode()
    # a facilitator adds a question
    client_for(setup.facilitator).post(
        reverse("courses:evaluation_summary", kwargs={"course": setup.course.pk}),
        {"text": "Would you recommend the course?", "kind": "likert"},
    )
    assert setup.course.questions.count() == len(questions) + 1


def test_the_calendar_shows_sessions_open_periods_and_due_dates(setup, client_for) -> None:
    Session.objects.create(
        course=setup.course, title="Async review", timing=Session.ASYNC, format=Session.VIRTUAL,
        video_url="https://x.example", opens_on=setup.module.due_on,
        closes_on=setup.module.due_on + dt.timedelta(days=2),
    )  # fmt: skip
    due = setup.module.due_on
    page = client_for(setup.facilitator).get(
        reverse("courses:calendar", kwargs={"course": setup.course.pk}),
        {"year": due.year, "month": due.month},
    )
    days = {d: entries for week in page.context["weeks"] for d, _inside, entries in week}
    kinds = sorted(e.kind for e in days[due])
    assert kinds == ["due", "open"]
    assert [e.kind for e in days[due + dt.timedelta(days=2)]] == ["open"]
    assert all(len(week) == 7 for week in page.context["weeks"])


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_the_ics_feed_follows_rfc_5545(setup, client_for) -> None:
    setup.session.description = "Agenda; mål, plan\nRad två med en mycket lång text " + "å" * 80
    setup.session.save()
    response = client_for(setup.facilitator).get(
        reverse("courses:ics", kwargs={"course": setup.course.pk})
    )
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content.decode("utf-8")
    assert raw.startswith("BEGIN:VCALENDAR\r\n") and raw.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    assert "\n" not in raw.replace("\r\n", "")
    lines = unfold(raw)
    assert lines.count("BEGIN:VEVENT") == 2  # the session and the module's due date
    start = setup.session.starts_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}" in lines
    due = setup.module.due_on
    assert f"DTSTART;VALUE=DATE:{due:%Y%m%d}" in lines
    assert f"DTEND;VALUE=DATE:{due + dt.timedelta(days=1):%Y%m%d}" in lines
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert description.startswith("DESCRIPTION:Agenda\\; mål\\, plan\\nRad två")
    assert "LOCATION:https://meet.example.org/kickoff" in lines
    assert len({line for line in lines if line.startswith("UID:")}) == 2


def test_the_feed_token_opens_the_feed_without_signing_in(setup, client) -> None:
    url = reverse("courses:ics_feed", kwargs={"token": setup.course.feed_token})
    assert client.get(url).status_code == 200
    assert client.get(reverse("courses:ics_feed", kwargs={"token": "guess"})).status_code == 404


def test_folding_never_splits_a_character_and_escaping_is_reversible() -> None:
    line = "SUMMARY:" + "ø" * 100
    folded = fold(line)
    assert folded.replace("\r\n ", "") == line
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert escape("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    assert re.fullmatch(r"[^\r\n]*", escape("x\r\ny"))


def test_the_detail_comparison_shows_shares_as_percentages_and_never_nets_two_currencies(
    setup, client_for
) -> None:
    norwegian = setup.no.case
    norwegian.document = {**norwegian.document, "settings": {"country": "NO"}}  # NOK, 1,695 h
    norwegian.save()
    client = client_for(setup.facilitator)
    client.cookies["django_language"] = "sv"
    url = reverse("courses:compare", kwargs={"course": setup.course.pk, "module": setup.module.pk})
    detail = client.get(url, {"a": setup.se.pk, "b": setup.no.pk})
    rows = {label: (a, b, d) for label, a, b, d in detail.context["detail_rows"]}
    comparison = detail.context["detail"]
    flow = next(f for f in comparison.per_case if f.key == "flow_efficiency")
    shown = rows["Flödeseffektivitet"][0]
    assert shown.endswith(" %") and abs(float(shown[:-2].replace(",", ".")) - 100 * flow.a) <= 0.051
    assert comparison.a.currency != comparison.b.currency
    assert not any(label.startswith("Kostnad per 1") for label in rows)
    html = detail.content.decode()
    assert "inget av fallen har en växelkurs" in html
    assert "different currencies" not in html


def test_a_process_that_cannot_be_analysed_is_explained_in_the_readers_language(
    setup, client_for
) -> None:
    norwegian = setup.no.case
    document = norwegian.document
    process = document["processes"][0]
    variant = process["variants"][0]
    variant["flows"] = variant["flows"][:1]  # the rest of the process is cut off
    norwegian.document = document
    norwegian.save()
    client = client_for(setup.facilitator)
    client.cookies["django_language"] = "sv"
    url = reverse("courses:compare", kwargs={"course": setup.course.pk, "module": setup.module.pk})
    page = client.get(url, {"a": setup.se.pk, "b": setup.no.pk})
    row = next(r for r in page.context["rows"] if r.member.pk == setup.no.pk)
    said = [row.problem, page.context["detail_error"]]
    assert all(said), said
    ids = {n["id"] for n in variant["nodes"]} - {n["name"] for n in variant["nodes"]}
    for text in said:
        assert not any(f"'{i}'" in text for i in ids), text  # elements by name, not id
        assert "there is no" not in text and "cannot be" not in text, text  # not English
