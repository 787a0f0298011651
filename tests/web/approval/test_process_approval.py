"""Process ownership and approval through the pages: the Bodø building-permit process goes from
draft to approved to published, a viewer sees only the published revision while the draft moves
on, a suggestion on a step is resolved by the owner, and a due review reaches the owner."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from verksam.formats import load_case
from verksam.web.approval.models import ApprovalEvent, ProcessRecord, Suggestion
from verksam.web.cases.services import apply_operation, create_case
from verksam.web.community.models import Notification

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
PROCESS = "byggesaksbehandling"
STEP = "processes/byggesaksbehandling/variants/as-is/nodes/veilede/name"


@pytest.fixture
def bodo(home: Any) -> Any:
    return create_case(
        home.organisation, home.owner, load_case(EXAMPLES / "bodo" / "case.yaml"), how="import"
    )


def url(home: Any, case: Any, name: str, **extra: Any) -> str:
    kwargs = {"org": home.organisation.slug, "case": case.slug, "process": PROCESS, **extra}
    return reverse(f"approval:{name}", kwargs=kwargs)


def decide(client: Any, home: Any, case: Any, action: str, **data: Any) -> str:
    response = client.post(url(home, case, "decide"), {"action": action, **data}, follow=True)
    assert response.status_code == 200
    return str(response.content.decode())


@pytest.mark.django_db
def test_bodo_process_is_approved_and_published_and_a_viewer_sees_only_the_published_revision(
    home: Any, client_for: Any, bodo: Any
) -> None:
    editor, viewer = client_for(home.editor), client_for(home.viewer)
    next_year = (timezone.localdate() + dt.timedelta(days=365)).isoformat()
    assert viewer.get(url(home, bodo, "published")).status_code == 404  # nothing published yet

    # no owner: the process cannot be sent for review
    page = decide(editor, home, bodo, "submit")
    assert "Choose a process owner first" in page
    assert ProcessRecord.objects.get(case=bodo).status == ProcessRecord.DRAFT

    editor.post(url(home, bodo, "owner"), {"owner": home.editor.pk, "review_date": next_year})
    decide(editor, home, bodo, "submit", comment="Ready after the workshop")
    record = ProcessRecord.objects.get(case=bodo)
    assert (record.status, record.review_revision) == (ProcessRecord.IN_REVIEW, bodo.revision)
    sent = bodo.revision

    # the draft moves on while the review waits; the approval is for the revision sent
    apply_operation(bodo, home.editor, {"op": "change", "path": STEP, "value": "Veilede digitalt"},
                    base=bodo.revision)  # fmt: skip
    bodo.refresh_from_db()

    page = decide(viewer, home, bodo, "approve")  # a viewer is not the owner
    assert "Only the process owner can decide on approval." in page
    assert ProcessRecord.objects.get(case=bodo).status == ProcessRecord.IN_REVIEW

    decide(editor, home, bodo, "approve", comment="Agreed with the head of building permits")
    decide(editor, home, bodo, "publish", review_date=next_year)
    record.refresh_from_db()
    assert record.status == ProcessRecord.PUBLISHED
    assert record.approved_revision == record.published_revision == sent < bodo.revision
    approved = ApprovalEvent.objects.get(record=record, action=ApprovalEvent.APPROVED)
    assert (approved.actor, approved.revision) == (home.editor, sent)
    assert approved.comment == "Agreed with the head of building permits"

    # after publication the draft changes again; the viewer still reads the approved steps
    apply_operation(bodo, home.editor, {"op": "change", "path": STEP, "value": "Ny veiledning"},
                    base=bodo.revision)  # fmt: skip
    published = viewer.get(url(home, bodo, "published")).content.decode()
    assert "Ta imot søknaden og veilede søkeren" in published
    assert "Veilede digitalt" not in published and "Ny veiledning" not in published
    assert "<svg" in published  # the swimlane of the published revision
    approval_page = viewer.get(url(home, bodo, "process")).content.decode()
    assert f"revision {sent}" in approval_page
    assert "Agreed with the head of building permits" in approval_page
    register = viewer.get(reverse("approval:register", kwargs={"org": "home"})).content.decode()
    assert "Behandle søknad om byggetillatelse" in register and "Published" in register


@pytest.mark.django_db
def test_a_suggestion_on_a_step_reaches_the_owner_who_resolves_it(
    home: Any, client_for: Any, bodo: Any
) -> None:
    editor, viewer = client_for(home.editor), client_for(home.viewer)
    next_year = (timezone.localdate() + dt.timedelta(days=365)).isoformat()
    editor.post(url(home, bodo, "owner"), {"owner": home.editor.pk, "review_date": next_year})
    for action in ("submit", "approve", "publish"):
        decide(editor, home, bodo, action, review_date=next_year)

    viewer.post(url(home, bodo, "suggest"),
                {"step": "as-is/veilede", "text": "Book a video call instead of a visit"})  # fmt: skip
    suggestion = Suggestion.objects.get()
    assert (suggestion.step, suggestion.step_name) == (
        "veilede",
        "Ta imot søknaden og veilede søkeren",
    )
    note = Notification.objects.get(recipient=home.editor, kind=Notification.SUGGESTION)
    assert note.url.endswith("#suggestions")

    # a step that is not in the published process is refused
    viewer.post(url(home, bodo, "suggest"), {"step": "as-is/nowhere", "text": "x"})
    assert Suggestion.objects.count() == 1

    resolve = url(home, bodo, "resolve", suggestion=suggestion.pk)
    viewer.post(resolve, {f"s{suggestion.pk}-response": "No"})  # only the owner resolves
    suggestion.refresh_from_db()
    assert suggestion.resolved_at is None

    editor.post(resolve, {f"s{suggestion.pk}-response": "Video calls start in March"})
    suggestion.refresh_from_db()
    assert suggestion.resolved_by == home.editor
    page = editor.get(url(home, bodo, "process")).content.decode()
    assert "Video calls start in March" in page and "Mark as resolved" not in page


@pytest.mark.django_db
def test_a_due_review_is_announced_once_to_the_owner_in_the_notifications(
    home: Any, client_for: Any, bodo: Any
) -> None:
    editor = client_for(home.editor)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    editor.post(url(home, bodo, "owner"), {"owner": home.editor.pk})
    for action in ("submit", "approve", "publish"):
        decide(editor, home, bodo, action, review_date=tomorrow)
    ProcessRecord.objects.update(review_date=timezone.localdate())  # the day has come

    # the owner's next page makes the reminder (and counts it in the navigation)
    assert client_for(home.editor).get(reverse("dashboard")).context["unread_notifications"] == 1
    page = client_for(home.editor).get(reverse("community:notifications")).content.decode()
    assert "The process “Behandle søknad om byggetillatelse”" in page
    assert "is due for review" in page
    client_for(home.editor).get(reverse("community:notifications"))
    assert Notification.objects.filter(kind=Notification.REVIEW).count() == 1
    assert ProcessRecord.objects.get().status == ProcessRecord.DUE

    page = decide(editor, home, bodo, "confirm", review_date=tomorrow, comment="Still right")
    record = ProcessRecord.objects.get()
    assert record.status == ProcessRecord.PUBLISHED
    assert record.review_date == timezone.localdate() + dt.timedelta(days=1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("sv", ["Ägarskap och godkännande", "Processägare", "Utkast", "Skicka version"]),
        ("nb", ["Eierskap og godkjenning", "Prosesseier", "Utkast", "Send versjon"]),
    ],
)
def test_the_approval_page_speaks_the_users_language(
    home: Any, client_for: Any, language: str, words: list[str]
) -> None:
    client = client_for(home.editor)
    client.cookies["django_language"] = language
    kwargs = {"org": home.organisation.slug, "case": home.case.slug, "process": "process"}
    html = client.get(reverse("approval:process", kwargs=kwargs)).content.decode()
    for word in words:
        assert word in html, f"{language}: {word}"
