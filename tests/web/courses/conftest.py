"""A course run by a facilitator with two participants (Swedish and Norwegian organisations), each
with an attached case that has an as-is process, plus a module and a session."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from verksam.formats import load_case
from verksam.web.cases.services import create_case
from verksam.web.courses.models import Course, CourseMember, Module, Session
from verksam.web.courses.services import create_course, join

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "storuman" / "case.yaml"


@dataclass
class CourseSetup:
    course: Course
    facilitator: User
    se: CourseMember  # participant from the home (Swedish) organisation
    no: CourseMember  # participant from the other (Norwegian) organisation
    module: Module
    session: Session


def storuman_case(tenant, name: str):  # type: ignore[no-untyped-def]
    model = load_case(EXAMPLE, check=False)
    model.name = name
    return create_case(tenant.organisation, tenant.owner, model, how="import")


@pytest.fixture
def setup(home, other) -> CourseSetup:  # type: ignore[no-untyped-def]
    facilitator = User.objects.create_user("teacher", "teacher@example.org", "pw-secret-1")
    today = timezone.localdate()
    course = create_course(
        facilitator,
        title="Process mapping",
        description="Map *your own* process.",
        languages=["sv", "nb"],
        starts_on=today - dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=60),
    )
    module = Module.objects.create(
        course=course, title="As-is process", step="as-is", due_on=today + dt.timedelta(days=7)
    )
    session = Session.objects.create(
        course=course,
        title="Kick-off",
        format=Session.VIRTUAL,
        video_url="https://meet.example.org/kickoff",
        starts_at=timezone.now() + dt.timedelta(days=2),
        ends_at=timezone.now() + dt.timedelta(days=2, hours=2),
    )
    se_case = storuman_case(home, "Skolskjuts Home")
    no_case = storuman_case(other, "Skoleskyss Other")
    se = join(course, home.editor)
    se.organisation, se.case, se.case_readers = home.organisation, se_case, "course"
    se.save()
    no = join(course, other.editor)
    no.organisation, no.case, no.case_readers = other.organisation, no_case, "course"
    no.save()
    return CourseSetup(course, facilitator, se, no, module, session)
