"""The demo data of `make run`: a running course with the four pilot organisations enrolled,
sessions, comments between participants and one published case."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.test import Client
from django.urls import reverse

from verksam.web.community.models import Comment, ExperienceNote, PublishedCase
from verksam.web.community.services import library
from verksam.web.courses.demo import COURSE_TITLE, FACILITATOR_USERNAME
from verksam.web.courses.models import Course, Session
from verksam.web.demo import DEMO_PASSWORD, load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_running_course_with_the_four_pilots() -> None:
    load_demo()
    course = Course.objects.get(title=COURSE_TITLE)
    assert course.is_running
    participants = course.members.filter(role="participant")
    assert sorted(m.organisation.slug for m in participants) == [
        "bodo",
        "si",
        "sorsele",
        "storuman",
    ]
    assert all(m.case is not None and m.case.organisation == m.organisation for m in participants)
    formats = set(course.sessions.values_list("format", "timing"))
    assert {(Session.PHYSICAL, Session.SYNC), (Session.VIRTUAL, Session.ASYNC),
            (Session.VIRTUAL, Session.SYNC)} <= formats  # fmt: skip
    assert Comment.objects.filter(course=course).count() >= 4
    assert Comment.objects.filter(parent__isnull=False).exists()
    published = PublishedCase.objects.get()
    assert published.organisation.slug == "storuman" and list(library("elevtransport")) == [
        published
    ]
    assert ExperienceNote.objects.filter(published=True).exists()
    # the facilitator signs in with the demo password and compares the four as-is processes
    facilitator = authenticate(username=FACILITATOR_USERNAME, password=DEMO_PASSWORD)
    assert facilitator is not None
    client = Client()
    client.force_login(facilitator)
    module = course.modules.get(step="as-is")
    rows = client.get(
        reverse("courses:compare", kwargs={"course": course.pk, "module": module.pk})
    ).context["rows"]
    assert len(rows) == 4
    assert any(r.metrics is not None for r in rows)
    # loading again (a second `make run`) adds no second course
    load_demo()
    assert Course.objects.filter(title=COURSE_TITLE).count() == 1
