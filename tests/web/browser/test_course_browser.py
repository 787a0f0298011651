"""End to end in headless Chromium (the shared fixtures of tests/web/browser/conftest.py) against a
live server: a facilitator creates a course with two modules and a session; a Swedish and a
Norwegian participant join by code, attach their cases and comment on each other's process; the
facilitator sees both in the comparison view. Run once per language (sv, nb, en); every main course
page is checked with axe-core and saved as a screenshot under test-artifacts/courses/."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.web.browser.conftest import PASSWORD, ROOT, describe
from verksam.formats import load_case
from verksam.web.cases.services import create_case
from verksam.web.community.models import Comment
from verksam.web.courses.models import Course
from verksam.web.organisations.models import Membership, Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# what each language shows, to check the pages really are translated
WORDS = {
    "sv": {"modules": "Moduler", "comparison": "Jämförelse", "posted": "Din kommentar publicerades."},
    "nb": {"modules": "Moduler", "comparison": "Sammenligning", "posted": "Kommentaren din ble publisert."},
    "en": {"modules": "Modules", "comparison": "Comparison", "posted": "Your comment was posted."},
}  # fmt: skip


def _participant(slug: str, name: str, country: str, case_name: str) -> User:
    organisation = Organisation.objects.create(slug=slug, name=name, country=country)
    user = User.objects.create_user(f"{slug}-editor", f"{slug}@example.org", PASSWORD)
    Membership.objects.create(organisation=organisation, user=user, role="editor")
    model = load_case(ROOT / "examples" / "storuman" / "case.yaml", check=False)
    model.name = case_name
    create_case(organisation, user, model, how="import")
    return user


def _submit(page: Any, selector: str) -> None:
    """Click a submit button and wait for the page it leads to (never act on the old page)."""
    with page.expect_navigation():
        page.click(selector)


def _sign_in(new_page: Any, sign_in: Any, base: str, username: str, language: str) -> Any:
    page = new_page(locale={"sv": "sv-SE", "nb": "nb-NO", "en": "en-GB"}[language])
    sign_in(page, username)
    # choose the language with the switcher in the page header, as a user would
    page.select_option("#language-select", language)
    _submit(page, "form.language-form button[type=submit]")
    assert page.locator("html").get_attribute("lang") == language
    return page


def _check(page: Any, axe: Any, shot: Any, language: str, name: str) -> None:
    shot(page, f"courses/{language}-{name}")
    violations = axe(page)
    assert not violations, f"{language} {name}: {describe(violations)}"


def _comment_on_the_other_process(
    page: Any, base: str, course: Course, other: str, text: str, language: str
) -> None:
    page.goto(f"{base}/courses/{course.pk}/")
    with page.expect_navigation():
        page.click(f"tr:has-text('{other}') a[href*='/participants/']")
    with page.expect_navigation():
        page.click("a[href$='/views/processes/']")
    page.fill("textarea[name=body]", text)
    page.locator("select[name=element]").select_option(index=1)  # comment on an activity
    _submit(page, "form.comment-form button[type=submit]")
    shown = page.locator("main").inner_text()
    assert WORDS[language]["posted"] in shown
    assert text in shown


@pytest.mark.parametrize("language", ["sv", "nb", "en"])
def test_a_course_from_creation_to_comparison(
    live_server: Any, new_page: Any, sign_in: Any, axe: Any, shot: Any, language: str
) -> None:
    User.objects.create_user("teacher", "teacher@example.org", PASSWORD)
    _participant("umea-kommun", "Umeå kommun", "SE", "Skolskjuts Umeå")
    _participant("nesna-kommune", "Nesna kommune", "NO", "Skoleskyss Nesna")
    base = live_server.url
    # the facilitator creates the course, two modules and a session
    teacher = _sign_in(new_page, sign_in, base, "teacher", language)
    teacher.goto(f"{base}/courses/new/")
    _check(teacher, axe, shot, language, "new-course")
    teacher.fill("#id_title", f"Prosesskurs {language}")
    teacher.check("input[name=languages][value=sv]")
    teacher.check("input[name=languages][value=nb]")
    teacher.fill("#id_starts_on", "2026-01-01")
    teacher.fill("#id_ends_on", "2030-12-31")
    _submit(teacher, "main form button[type=submit]")
    course = Course.objects.get(title=f"Prosesskurs {language}")
    assert teacher.url.rstrip("/").endswith(f"/courses/{course.pk}")
    for title, step in (("Nuläge", "as-is"), ("Framtid", "to-be")):
        teacher.goto(f"{base}/courses/{course.pk}/modules/new/")
        teacher.fill("#id_title", title)
        teacher.select_option("#id_step", step)
        teacher.fill("#id_instructions", "Rita **simbanor**.")
        _submit(teacher, "main form button[type=submit]")
        assert "<strong>simbanor</strong>" in teacher.content()
    _check(teacher, axe, shot, language, "module")
    teacher.goto(f"{base}/courses/{course.pk}/sessions/new/")
    teacher.fill("#id_title", "Seminar")
    teacher.select_option("#id_format", "virtual")
    teacher.fill("#id_video_url", "https://meet.example.org/seminar")
    teacher.fill("#id_starts_at", "2029-05-06T13:00")
    _submit(teacher, "main form button[type=submit]")
    assert course.sessions.count() == 1
    _check(teacher, axe, shot, language, "session")
    teacher.goto(f"{base}/courses/{course.pk}/")
    assert WORDS[language]["modules"] in teacher.content()
    code = teacher.locator(".code").inner_text().strip()
    assert code == course.code
    _check(teacher, axe, shot, language, "course")
    # two participants join by code and attach their own case
    participants = {}
    for username in ("umea-kommun-editor", "nesna-kommune-editor"):
        page = _sign_in(new_page, sign_in, base, username, language)
        page.goto(f"{base}/courses/")
        page.fill("#id_code", code.lower())
        _submit(page, "form[action$='/courses/join/'] button[type=submit]")
        assert "/attach/" in page.url
        page.locator("#id_case").select_option(index=0)
        page.check("input[name=case_readers][value=course]")
        _submit(page, "main form button[type=submit]")
        assert page.url.rstrip("/").endswith(f"/courses/{course.pk}")
        participants[username] = page
    assert course.members.filter(role="participant", case__isnull=False).count() == 2
    # each comments on the other's process
    _comment_on_the_other_process(
        participants["umea-kommun-editor"], base, course, "Nesna kommune",
        "Hur många överlämningar har ni? @nesna-kommune-editor", language,
    )  # fmt: skip
    _comment_on_the_other_process(
        participants["nesna-kommune-editor"], base, course, "Umeå kommun",
        "Vi har ni overleveringer per sak.", language,
    )  # fmt: skip
    _check(participants["nesna-kommune-editor"], axe, shot, language, "participant-view")
    assert Comment.objects.filter(course=course).count() == 2
    # the Norwegian participant was mentioned and sees the notification
    nesna = participants["nesna-kommune-editor"]
    nesna.goto(f"{base}/notifications/")
    _check(nesna, axe, shot, language, "notifications")
    with nesna.expect_navigation():
        nesna.click("main ul li a[href^='/notifications/']")
    assert "Hur många överlämningar" in nesna.content()
    # the facilitator sees both processes side by side
    teacher.goto(f"{base}/courses/{course.pk}/")
    with teacher.expect_navigation():
        teacher.click("a[href*='/modules/']:has-text('Nuläge')")
    with teacher.expect_navigation():
        teacher.click("a[href$='/compare/']")
    text = teacher.content()
    assert WORDS[language]["comparison"] in text
    table = teacher.locator("main table").first
    assert table.locator("tbody tr").count() == 2
    assert "Umeå kommun" in text and "Nesna kommune" in text
    lead_times = table.locator("tbody tr td:nth-child(5)").all_inner_texts()
    assert all(re.search(r"\d", t) for t in lead_times)
    _check(teacher, axe, shot, language, "comparison")
    for name, path in (
        ("dashboard", f"/courses/{course.pk}/dashboard/"),
        ("calendar", f"/courses/{course.pk}/calendar/?year=2029&month=5"),
        ("evaluation-results", f"/courses/{course.pk}/evaluation/summary/"),
        ("library", "/library/"),
    ):
        teacher.goto(f"{base}{path}")
        _check(teacher, axe, shot, language, name)
    teacher.goto(f"{base}/courses/{course.pk}/dashboard/")
    assert teacher.locator(".progress-grid tbody tr").count() == 2
    evaluation = participants["umea-kommun-editor"]
    evaluation.goto(f"{base}/courses/{course.pk}/evaluation/")
    _check(evaluation, axe, shot, language, "evaluation")
