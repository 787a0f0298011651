"""Course pages through the test client: creating a course, modules, reading material, sessions,
joining by code and link, attaching a case, leaving, and who may see what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from verksam.web.courses.models import FACILITATOR, PARTICIPANT, Course, CourseMember, Session
from verksam.web.courses.services import create_course

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs: object) -> str:
    return reverse(name, kwargs=kwargs)


def test_a_facilitator_creates_a_course_and_gets_a_code_and_standard_questions(
    home, client_for
) -> None:
    client = client_for(home.viewer)
    response = client.post(
        url("courses:create"),
        {
            "title": "Processkartläggning 2026",
            "description": "Egen process",
            "languages": ["sv", "nb"],
            "starts_on": "2026-09-01",
            "ends_on": "2026-12-15",
            "joining_open": "on",
        },
    )
    course = Course.objects.get(title="Processkartläggning 2026")
    assert response.status_code == 302 and response["Location"] == url(
        "courses:detail", course=course.pk
    )
    assert course.members.get().role == FACILITATOR
    assert len(course.code) == 8
    # the standard questions are written in the course's first language
    assert course.questions.count() == 6
    assert "Kursen" in course.questions.first().text or "kurs" in course.questions.first().text


def test_a_course_cannot_end_before_it_starts(home, client_for) -> None:
    response = client_for(home.owner).post(
        url("courses:create"),
        {"title": "X", "languages": ["en"], "starts_on": "2026-09-01", "ends_on": "2026-08-01"},
    )
    assert response.status_code == 200
    assert not Course.objects.exists()


def test_modules_links_and_files_are_added_by_the_facilitator_only(
    setup, client_for, home, settings
) -> None:
    settings.MAX_UPLOAD_BYTES = 100
    c = setup.course.pk
    facilitator = client_for(setup.facilitator)
    response = facilitator.post(
        url("courses:module_create", course=c),
        {"title": "Effektkarta", "step": "effect-map", "instructions": "# Steg\n<script>x</script>",
         "position": 2},
    )  # fmt: skip
    module = setup.course.modules.get(title="Effektkarta")
    assert response.status_code == 302
    assert module.view == "effect-map"
    page = facilitator.get(url("courses:module", course=c, module=module.pk))
    assert b"<h2>Steg</h2>" in page.content and b"<script>x" not in page.content
    facilitator.post(
        url("courses:link_add", course=c, module=module.pk),
        {"title": "Impact mapping", "url": "https://www.impactmapping.org"},
    )
    assert module.links.get().url == "https://www.impactmapping.org"
    big = SimpleUploadedFile("big.pdf", b"x" * 101)
    facilitator.post(
        url("courses:file_add", course=c, module=module.pk), {"title": "B", "file": big}
    )
    assert not module.files.exists()
    small = SimpleUploadedFile("slides.pdf", b"%PDF-1.4 slides")
    facilitator.post(
        url("courses:file_add", course=c, module=module.pk), {"title": "Slides", "file": small}
    )
    reading = module.files.get()
    assert reading.size == len(b"%PDF-1.4 slides")
    participant = client_for(home.editor)
    download = participant.get(url("courses:file", course=c, module=module.pk, file=reading.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 slides"
    assert "attachment" in download["Content-Disposition"]
    # participants cannot change the syllabus
    assert participant.post(url("courses:module_create", course=c), {}).status_code == 403
    assert (
        participant.post(
            url("courses:link_add", course=c, module=module.pk),
            {"title": "x", "url": "https://x.y"},
        ).status_code
        == 403
    )
    # a non-member of the course gets 404 for the file, as for a file that does not exist
    outsider = client_for(home.viewer)
    assert (
        outsider.get(url("courses:file", course=c, module=module.pk, file=reading.pk)).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"format": "physical", "timing": "sync", "starts_at": "2026-10-01T09:00"}, "place"),
        ({"format": "virtual", "timing": "sync", "starts_at": "2026-10-01T09:00"}, "video_url"),
        ({"format": "physical", "place": "Umeå", "timing": "sync"}, "starts_at"),
        ({"format": "physical", "place": "Umeå", "timing": "async", "opens_on": "2026-10-05",
          "closes_on": "2026-10-01"}, "closes_on"),
    ],
)  # fmt: skip
def test_sessions_need_a_place_or_link_and_a_time_or_period(
    setup, client_for, fields, error_field
) -> None:
    response = client_for(setup.facilitator).post(
        url("courses:session_create", course=setup.course.pk),
        {"title": "Seminar", "kind": "seminar", **fields},
    )
    assert response.status_code == 200
    assert error_field in response.context["form"].errors
    assert setup.course.sessions.count() == 1


def test_an_asynchronous_workshop_takes_posts_only_while_open(setup, client_for, home) -> None:
    today = timezone.localdate()
    session = Session.objects.create(
        course=setup.course, title="Async", timing=Session.ASYNC, format=Session.VIRTUAL,
        video_url="https://x.example", opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=1),
    )  # fmt: skip
    participant = client_for(home.editor)
    page = url("courses:session", course=setup.course.pk, session=session.pk)
    response = participant.post(page, {"body": "My as-is process is ready"})
    assert response.status_code == 302
    assert session.comments.get().body == "My as-is process is ready"
    session.closes_on = today - dt.timedelta(days=1)
    session.save()
    participant.post(page, {"body": "Too late"})
    assert session.comments.count() == 1


def test_joining_by_code_and_by_link_then_attaching_an_own_case(home, other, client_for) -> None:
    teacher_course = create_course(
        other.owner, title="Kurs", languages=["nb"], starts_on="2026-01-01", ends_on="2026-12-31"
    )
    client = client_for(home.editor)
    response = client.post(url("courses:join"), {"code": teacher_course.code.lower()})
    assert response["Location"] == url("courses:attach", course=teacher_course.pk)
    member = CourseMember.objects.get(course=teacher_course, user=home.editor)
    assert member.role == PARTICIPANT
    # another organisation's case cannot be attached, even by guessing its id
    response = client.post(url("courses:attach", course=teacher_course.pk), {"case": other.case.pk})
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.case is None
    client.post(url("courses:attach", course=teacher_course.pk), {"case": home.case.pk})
    member.refresh_from_db()
    assert member.case == home.case and member.organisation == home.organisation
    # a viewer may not share the organisation's case with a course
    viewer = client_for(home.viewer)
    viewer.post(url("courses:join_link", code=teacher_course.code))
    viewer_member = CourseMember.objects.get(course=teacher_course, user=home.viewer)
    viewer.post(url("courses:attach", course=teacher_course.pk), {"case": home.case.pk})
    viewer_member.refresh_from_db()
    assert viewer_member.case is None
    # a wrong code says so and joins nothing
    response = client_for(other.viewer).post(url("courses:join"), {"code": "NOPE1234"})
    assert response.status_code == 200 and not CourseMember.objects.filter(user=other.viewer)


def test_a_closed_course_cannot_be_joined(setup, client_for, home) -> None:
    setup.course.joining_open = False
    setup.course.save()
    client_for(home.viewer).post(url("courses:join"), {"code": setup.course.code})
    assert not CourseMember.objects.filter(user=home.viewer).exists()


def test_the_course_reads_a_case_only_while_the_participant_is_enrolled(
    setup, client_for, home, other
) -> None:
    c = setup.course.pk
    case_page = url("courses:participant_view", course=c, member=setup.se.pk, view="processes")
    facilitator = client_for(setup.facilitator)
    norwegian = client_for(other.editor)
    assert facilitator.get(case_page).status_code == 200
    assert norwegian.get(case_page).status_code == 200  # fellow participant in the same course
    # the other organisation's owner is not in the course
    assert client_for(other.owner).get(case_page).status_code == 404
    # the Swedish participant leaves: the course loses access at once
    client_for(home.editor).post(url("courses:leave", course=c))
    assert facilitator.get(case_page).status_code == 404
    assert norwegian.get(case_page).status_code == 404


def test_leaving_the_organisation_ends_the_courses_access_too(setup, client_for, home) -> None:
    page = url("courses:participant", course=setup.course.pk, member=setup.se.pk)
    client = client_for(setup.facilitator)
    assert client.get(page).status_code == 200
    home.editor.memberships.all().delete()
    assert client.get(page).status_code == 404


def test_a_trashed_case_is_not_readable_by_the_course(setup, client_for) -> None:
    case = setup.se.case
    case.deleted_at = timezone.now()
    case.save()
    page = url("courses:participant", course=setup.course.pk, member=setup.se.pk)
    assert client_for(setup.facilitator).get(page).status_code == 404


def test_a_participant_of_another_course_sees_nothing_of_this_one(setup, client_for, other) -> None:
    second = create_course(
        other.viewer, title="Other", languages=["en"], starts_on="2026-01-01", ends_on="2026-02-01"
    )
    assert second.members.filter(user=other.viewer).exists()
    client = client_for(other.viewer)
    c = setup.course.pk
    for page in (
        url("courses:detail", course=c),
        url("courses:participant", course=c, member=setup.se.pk),
        url("courses:session", course=c, session=setup.session.pk),
        url("courses:compare", course=c, module=setup.module.pk),
        url("courses:calendar", course=c),
    ):
        assert client.get(page).status_code == 404, page
    assert b"Process mapping" not in client.get(url("courses:list")).content


def test_participants_cannot_open_the_dashboard_or_evaluation_results(
    setup, client_for, home
) -> None:
    client = client_for(home.editor)
    assert client.get(url("courses:dashboard", course=setup.course.pk)).status_code == 403
    assert client.get(url("courses:evaluation_summary", course=setup.course.pk)).status_code == 403


def test_the_last_facilitator_cannot_leave(setup, client_for) -> None:
    client_for(setup.facilitator).post(url("courses:leave", course=setup.course.pk))
    assert setup.course.members.get(user=setup.facilitator).left_at is None


def test_a_new_code_replaces_the_old_one(setup, client_for, home) -> None:
    old = setup.course.code
    client_for(setup.facilitator).post(url("courses:new_code", course=setup.course.pk))
    setup.course.refresh_from_db()
    assert setup.course.code != old
    client_for(home.viewer).post(url("courses:join"), {"code": old})
    assert not CourseMember.objects.filter(user=home.viewer).exists()


def test_editing_and_removing_modules_and_sessions(setup, client_for) -> None:
    c = setup.course.pk
    client = client_for(setup.facilitator)
    client.post(
        url("courses:module_edit", course=c, module=setup.module.pk),
        {"title": "Nuläge", "step": "as-is", "instructions": "", "position": 1},
    )
    setup.module.refresh_from_db()
    assert setup.module.title == "Nuläge"
    client.post(
        url("courses:session_edit", course=c, session=setup.session.pk),
        {"title": "Start", "kind": "seminar", "format": "physical", "place": "Nesna",
         "timing": "sync", "starts_at": "2026-10-01T09:00"},
    )  # fmt: skip
    setup.session.refresh_from_db()
    assert setup.session.place == "Nesna" and setup.session.kind == "seminar"
    client.post(url("courses:session_delete", course=c, session=setup.session.pk))
    client.post(url("courses:module_delete", course=c, module=setup.module.pk))
    assert not setup.course.sessions.exists() and not setup.course.modules.exists()


def test_a_facilitator_makes_a_participant_co_facilitator(setup, client_for, home, other) -> None:
    url_ = url("courses:make_facilitator", course=setup.course.pk, member=setup.no.pk)
    assert client_for(home.editor).post(url_).status_code == 403
    client_for(setup.facilitator).post(url_)
    setup.no.refresh_from_db()
    assert setup.no.role == FACILITATOR and setup.no.case is None
    # the new facilitator sees the dashboard; their case is no longer shared with the course
    assert (
        client_for(other.editor).get(url("courses:dashboard", course=setup.course.pk)).status_code
        == 200
    )
    page = url("courses:participant", course=setup.course.pk, member=setup.no.pk)
    assert client_for(setup.facilitator).get(page).status_code == 404


def test_a_workshop_post_can_link_to_a_view_of_the_own_case(setup, client_for, home, other) -> None:
    today = timezone.localdate()
    session = Session.objects.create(
        course=setup.course, title="Async", timing=Session.ASYNC, format=Session.PHYSICAL,
        place="Bodø", opens_on=today, closes_on=today,
    )  # fmt: skip
    page = url("courses:session", course=setup.course.pk, session=session.pk)
    client = client_for(home.editor)
    assert ("processes", "Processes") in [
        (slug, str(title)) for slug, title in client.get(page).context["shareable"]
    ]
    client.post(page, {"body": "Vårt nuläge", "share_view": "processes"})
    link = url(
        "courses:participant_view", course=setup.course.pk, member=setup.se.pk, view="processes"
    )
    assert session.comments.get().body == f"Vårt nuläge\n\nhttp://testserver{link}"
    # the link opens for a fellow participant
    assert client_for(other.editor).get(link).status_code == 200
    # a view that is not offered is ignored
    client.post(page, {"body": "Annat", "share_view": "../../admin"})
    assert session.comments.get(body__startswith="Annat").body == "Annat"


def test_the_grant_covers_only_the_attached_case_and_only_reading(
    setup, client_for, home, other
) -> None:
    from django.http import Http404

    from verksam.model.commands import starter_case
    from verksam.web.cases.access import access_granted_case
    from verksam.web.cases.services import create_case

    unattached = create_case(home.organisation, home.owner, starter_case("Budget", "SE"))
    assert access_granted_case(other.editor, setup.se.case_id) == setup.se.case
    with pytest.raises(Http404):
        access_granted_case(other.editor, unattached.pk)
    with pytest.raises(Http404):
        access_granted_case(other.editor, home.case.pk)  # the starter case, not attached
    # the organisation's own pages stay closed to the course: no editing, no listing
    client = client_for(other.editor)
    for name in ("cases:detail", "cases:history", "cases:export"):
        page = reverse(name, kwargs={"org": "home", "case": setup.se.case.slug})
        assert client.get(page).status_code == 404, name
    edit = reverse("cases:rename", kwargs={"org": "home", "case": setup.se.case.slug})
    assert client.post(edit, {"name": "taken", "base": 1}).status_code == 404


def test_a_participant_reaches_notes_and_sharing_from_the_course_page(
    setup, client_for, home
) -> None:
    page = (
        client_for(home.editor).get(url("courses:detail", course=setup.course.pk)).content.decode()
    )
    case = setup.se.case
    assert reverse("community:note_create", kwargs={"org": "home", "case": case.slug}) in page
    assert reverse("community:case_comments", kwargs={"org": "home", "case": case.slug}) in page
