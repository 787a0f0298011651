"""A participant chooses who may read their case (the course, the facilitators only, nobody
outside their organisation), and every course page follows that choice: the case's overview and
views, the module, session, comparison, dashboard and course pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from verksam.model import Case as CaseModel
from verksam.web.cases.pages import PAGES

pytestmark = pytest.mark.django_db
# Text only the Swedish participant's case holds (its name and a process of it).
SECRET = ("Skolskjuts Home",)


def pages_of_the_case(setup: Any) -> list[str]:
    course, member = setup.course.pk, setup.se.pk
    model = CaseModel.model_validate(setup.se.case.document)
    urls = [reverse("courses:participant", kwargs={"course": course, "member": member})]
    urls += [
        reverse(
            "courses:participant_view", kwargs={"course": course, "member": member, "view": p.slug}
        )
        for p in PAGES
        if p.present(model)
    ]
    return urls


def pages_around_the_case(setup: Any, facilitator: bool) -> list[str]:
    course = setup.course.pk
    urls = [
        reverse("courses:detail", kwargs={"course": course}),
        reverse("courses:module", kwargs={"course": course, "module": setup.module.pk}),
        reverse("courses:compare", kwargs={"course": course, "module": setup.module.pk}),
        reverse("courses:session", kwargs={"course": course, "session": setup.session.pk}),
    ]
    if facilitator:
        urls.append(reverse("courses:dashboard", kwargs={"course": course}))
    return urls


def reads(client: Any, setup: Any, facilitator: bool) -> dict[str, bool]:
    """Which pages show the Swedish participant's case to this client."""
    seen = {}
    case_pages = pages_of_the_case(setup)
    for url in case_pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        seen[url] = response.status_code == 200
    for url in pages_around_the_case(setup, facilitator):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        seen[url] = any(s in text for s in SECRET) or any(f'href="{u}"' in text for u in case_pages)
    return seen


@pytest.mark.parametrize(
    ("choice", "facilitator_reads", "participant_reads"),
    [("course", True, True), ("facilitators", True, False), ("nobody", False, False)],
)
def test_every_course_page_follows_who_the_participant_lets_read_the_case(
    setup: Any, client_for: Any, home: Any, other: Any,
    choice: str, facilitator_reads: bool, participant_reads: bool,
) -> None:  # fmt: skip
    client_for(home.editor).post(
        reverse("courses:consent", kwargs={"course": setup.course.pk}), {"case_readers": choice}
    )
    setup.se.refresh_from_db()
    assert setup.se.case_readers == choice
    facilitator = reads(client_for(setup.facilitator), setup, facilitator=True)
    participant = reads(client_for(other.editor), setup, facilitator=False)
    case_pages = set(pages_of_the_case(setup))
    assert len(case_pages) >= 6
    if facilitator_reads:
        assert {u for u, seen in facilitator.items() if seen} >= case_pages, facilitator
    else:
        assert not any(facilitator.values()), facilitator
    if participant_reads:
        assert {u for u, seen in participant.items() if seen} >= case_pages, participant
    else:
        assert not any(participant.values()), participant
    # the participant always reads their own case through the course
    own = reads(client_for(home.editor), setup, facilitator=False)
    assert all(own[u] for u in case_pages), own


def test_the_course_page_offers_the_three_choices_in_the_users_language(
    setup: Any, client_for: Any, home: Any
) -> None:
    client = client_for(home.editor)
    text = client.get(
        reverse("courses:detail", kwargs={"course": setup.course.pk}), HTTP_ACCEPT_LANGUAGE="sv"
    ).content.decode()
    for label in ("Kursledarna och de andra deltagarna i kursen", "Bara kursledarna",
                  "Ingen utanför min organisation", "Vem som får läsa ditt ärende"):  # fmt: skip
        assert label in text
