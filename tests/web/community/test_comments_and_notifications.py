"""Comments on cases, views, elements and sessions: threads, mentions, editing and deleting one's
own, who sees which comment, and notifications in the app and by mail in the recipient's language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from verksam.web.community.models import Comment, Notification, Preference
from verksam.web.community.services import mentioned_names, post_comment
from verksam.web.courses.models import CourseMember
from verksam.web.courses.services import create_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home, other):  # type: ignore[no-untyped-def]
    """A course with a Swedish and a Norwegian participant, each with their case attached and
    readable by the whole course."""
    teacher = User.objects.create_user("teacher", "teacher@example.org", "pw-secret-1")
    found = create_course(
        teacher, title="Kurs", languages=["sv"], starts_on="2026-01-01", ends_on="2026-12-31"
    )
    se = CourseMember.objects.create(
        course=found,
        user=home.editor,
        organisation=home.organisation,
        case=home.case,
        case_readers="course",
    )
    no = CourseMember.objects.create(
        course=found,
        user=other.editor,
        organisation=other.organisation,
        case=other.case,
        case_readers="course",
    )
    return found, teacher, se, no


def test_mentions_are_user_names_after_an_at_sign() -> None:
    text = "Tack @anna.berg och @ola-n. Mejla anna@example.org, inte @."
    assert mentioned_names(text) == ["anna.berg", "ola-n"]


def test_a_facilitator_comments_on_an_element_and_the_participant_is_told_in_swedish(
    course, client_for, home
) -> None:
    found, teacher, se, _no = course
    page = reverse(
        "courses:participant_view",
        kwargs={"course": found.pk, "member": se.pk, "view": "processes"},
    )
    client = client_for(teacher)
    form_page = client.get(page)
    element = next(v for v, _label in form_page.context["form"].fields["element"].choices if v)
    with pytest.MonkeyPatch.context():
        response = client.post(page, {"body": "Varför väntar ärendet här?", "element": element})
    comment = Comment.objects.get()
    assert response.status_code == 302 and f"#comment-{comment.pk}" in response["Location"]
    assert (comment.case, comment.view, comment.element, comment.course) == (
        home.case, "processes", element, found,
    )  # fmt: skip
    notification = Notification.objects.get(recipient=home.editor)
    assert notification.kind == Notification.COMMENT
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [home.editor.email]
    # the recipient's organisation is Swedish and they chose no language: the mail is Swedish
    assert "kommenterade" in message.subject
    assert "Varför väntar ärendet här?" in message.body
    assert (
        f"http://testserver/courses/{found.pk}/participants/{se.pk}/views/processes/"
        in message.body
    )
    # the thread shows on the page with the element it is about
    shown = client_for(home.editor).get(page)
    assert "Varför väntar ärendet här?" in shown.content.decode()


def test_mail_follows_the_recipients_chosen_language(course, client_for, other) -> None:
    found, teacher, _se, _no = course
    Preference.objects.create(user=other.editor, language="en", email=True)
    post_comment(teacher, "Bra jobbat", case=other.case, course=found)
    assert "commented" in mail.outbox[-1].subject
    Preference.objects.filter(user=other.editor).update(language="nb")
    post_comment(teacher, "Bra jobbet", case=other.case, course=found)
    assert "kommenterte" in mail.outbox[-1].subject
    Preference.objects.filter(user=other.editor).update(email=False)
    count = len(mail.outbox)
    post_comment(teacher, "Ingen e-post", case=other.case, course=found)
    assert len(mail.outbox) == count
    assert Notification.objects.filter(recipient=other.editor).count() == 3


def test_mentions_notify_course_members_only_and_replies_notify_the_parent_author(
    course, home, other
) -> None:
    found, _teacher, _se, _no = course
    stranger = User.objects.create_user("stranger", "s@example.org", "pw-secret-1")
    first = post_comment(
        home.editor, "Hej @other-editor och @stranger, titta på @teacher", case=other.case,
        course=found,
    )  # fmt: skip
    assert set(first.mentions.values_list("username", flat=True)) == {"other-editor", "teacher"}
    kinds = dict(Notification.objects.values_list("recipient__username", "kind"))
    # the case's participant was mentioned: one notification (the mention), not two
    assert kinds == {"other-editor": "mention", "teacher": "mention"}
    assert not Notification.objects.filter(recipient=stranger).exists()
    reply = post_comment(other.editor, "Tack!", parent=first)
    assert reply.case == other.case and reply.course == found and reply.parent == first
    assert Notification.objects.get(comment=reply, recipient=home.editor).kind == "reply"


def test_only_the_author_edits_or_deletes_and_a_deleted_comment_keeps_its_replies(
    course, client_for, home, other
) -> None:
    found, teacher, _se, no = course
    first = post_comment(home.editor, "Första", case=other.case, course=found)
    reply = post_comment(other.editor, "Svar", parent=first)
    edit = reverse("community:comment_edit", kwargs={"comment": first.pk})
    delete = reverse("community:comment_delete", kwargs={"comment": first.pk})
    assert client_for(other.editor).post(edit, {"body": "hijack"}).status_code == 404
    assert client_for(other.editor).post(delete).status_code == 404
    client_for(home.editor).post(edit, {"body": "Första, rättad"})
    first.refresh_from_db()
    assert first.body == "Första, rättad" and first.edited_at is not None
    client_for(home.editor).post(delete)
    first.refresh_from_db()
    assert first.is_deleted and first.body == ""
    page = client_for(teacher).get(
        reverse("courses:participant", kwargs={"course": found.pk, "member": no.pk})
    )
    text = page.content.decode()
    assert "Svar" in text and "Första" not in text
    assert Comment.objects.filter(pk=reply.pk).exists()


def test_internal_comments_stay_in_the_organisation(course, client_for, home, other) -> None:
    found, teacher, se, _no = course
    page = reverse("community:case_comments", kwargs={"org": "home", "case": home.case.slug})
    client_for(home.owner).post(page, {"body": "Internt: budgeten är hemlig"})
    post_comment(teacher, "Från kursen", case=home.case, course=found)
    # the organisation sees both
    text = client_for(home.viewer).get(page).content.decode()
    assert "Internt: budgeten är hemlig" in text and "Från kursen" in text
    # the course sees only the course comment
    course_page = reverse("courses:participant", kwargs={"course": found.pk, "member": se.pk})
    text = client_for(other.editor).get(course_page).content.decode()
    assert "Från kursen" in text and "budgeten" not in text


def test_session_comments_are_threaded_and_reach_mentioned_members(
    course, client_for, home
) -> None:
    found, teacher, _se, _no = course
    session = found.sessions.create(
        title="Seminarium", starts_at=timezone.now() + dt.timedelta(days=1), place="Umeå"
    )
    page = reverse("courses:session", kwargs={"course": found.pk, "session": session.pk})
    client_for(teacher).post(page, {"body": "Välkomna, @home-editor"})
    top = Comment.objects.get(session=session)
    client_for(home.editor).post(page, {"body": "Tack", "parent": top.pk})
    reply = Comment.objects.get(parent=top)
    assert reply.session == session
    assert Notification.objects.get(recipient=home.editor).kind == "mention"
    assert Notification.objects.get(recipient=teacher).kind == "reply"


def test_notifications_list_open_and_mark_read(course, client_for, home, other) -> None:
    found, teacher, _se, _no = course
    post_comment(teacher, "Kolla @home-editor", case=other.case, course=found)
    client = client_for(home.editor)
    page = client.get(reverse("community:notifications"))
    assert page.context["unread_notifications"] == 1
    notification = Notification.objects.get(recipient=home.editor)
    opened = client.get(reverse("community:notification", kwargs={"notification": notification.pk}))
    assert opened.status_code == 302 and opened["Location"] == notification.url
    notification.refresh_from_db()
    assert notification.read_at is not None
    # another user's notification is not there for them
    assert (
        client_for(other.editor)
        .get(reverse("community:notification", kwargs={"notification": notification.pk}))
        .status_code
        == 404
    )
    post_comment(teacher, "Igen @home-editor", case=other.case, course=found)
    client.post(reverse("community:notifications"))
    assert not Notification.objects.filter(recipient=home.editor, read_at__isnull=True).exists()


def test_preferences_are_saved(client_for, home) -> None:
    client = client_for(home.viewer)
    page = client.get(reverse("community:preferences"))
    assert page.context["form"].initial["language"] == "sv"  # the organisation is Swedish
    client.post(reverse("community:preferences"), {"language": "nb"})
    preference = Preference.objects.get(user=home.viewer)
    assert preference.language == "nb" and preference.email is False


def test_comment_text_is_escaped_with_links_and_mentions_marked() -> None:
    from verksam.web.community.templatetags.community_tags import comment_body

    html = comment_body(
        "<script>alert(1)</script> se https://example.org/@x och @anna.berg.\n\nmejla a@b.se"
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<a href="https://example.org/@x" rel="nofollow">https://example.org/@x</a>' in html
    assert '<span class="mention">@anna.berg</span>.' in html
    assert html.count("<p>") == 2 and 'href="mailto:a@b.se"' in html


def test_the_case_pages_link_to_comments_and_sharing(client_for, home) -> None:
    page = client_for(home.viewer).get(
        reverse("cases:detail", kwargs={"org": "home", "case": home.case.slug})
    )
    assert (
        reverse("community:case_comments", kwargs={"org": "home", "case": home.case.slug})
        in page.content.decode()
    )


def test_a_case_name_with_a_line_break_still_gives_a_one_line_subject(course, other) -> None:
    found, teacher, _se, _no = course
    other.case.name = "Ärende\nmed radbrytning"
    other.case.save()
    post_comment(teacher, "Hej", case=other.case, course=found)
    assert "\n" not in mail.outbox[-1].subject
    assert "Ärende med radbrytning" in mail.outbox[-1].subject


def test_with_the_database_worker_mail_waits_for_the_worker(course, settings, other) -> None:
    from django_tasks_db.models import DBTaskResult

    from verksam.web.community.tasks import mail_notification

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    found, teacher, _se, _no = course
    post_comment(teacher, "Till kön", case=other.case, course=found)
    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path.endswith("mail_notification")
    # what the worker does with it
    mail_notification.call(*queued.args_kwargs["args"])
    assert len(mail.outbox) == 1 and "Till kön" in mail.outbox[0].body
    assert Notification.objects.get(recipient=other.editor).emailed
