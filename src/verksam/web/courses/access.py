"""The one way to reach courses: resolve the course in the URL once per request and check membership.

Views declare `@course_view()` (any active member) or `@course_view(facilitator=True)`. An anonymous
visitor is sent to sign in; a user who is not an active member gets the same 404 as for a course
that does not exist; a participant on a facilitator page gets 403. The decorator sets
`request.course` and `request.course_member`.

`course_may_read` is the read grant registered with verksam.web.cases.access: a participant's
attached case may be read, while the participant is enrolled, by whom the participant chose.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from verksam.web.cases.access import access_granted_case
from verksam.web.cases.models import Case
from verksam.web.courses.models import (
    FACILITATOR,
    PARTICIPANT,
    READERS_COURSE,
    READERS_FACILITATORS,
    Course,
    CourseMember,
)
from verksam.web.organisations.models import Membership
from verksam.web.requests import CourseRequest


def membership(user: Any, course: Course) -> CourseMember | None:
    if not user.is_authenticated:
        return None
    return (
        CourseMember.objects.filter(course=course, user=user, left_at__isnull=True)
        .select_related("organisation", "case")
        .first()
    )


def courses_of(user: Any) -> QuerySet[Course]:
    """The courses the user is an active member of."""
    return Course.objects.filter(members__user=user, members__left_at__isnull=True).distinct()


def course_view(
    *, facilitator: bool = False
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Resolve `course` (a primary key in the URL) and check the user's membership once."""

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapper(
            request: HttpRequest, *args: Any, course: int, **kwargs: Any
        ) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            found = Course.objects.filter(pk=course).first()
            member = membership(request.user, found) if found else None
            if found is None or member is None:
                raise Http404("No such course")
            if facilitator and member.role != FACILITATOR:
                raise PermissionDenied
            resolved = cast(CourseRequest, request)  # what the view is declared to receive
            resolved.course = found
            resolved.course_member = member
            return view(resolved, *args, course=course, **kwargs)

        return wrapper

    return decorate


def active_participants(course: Course) -> QuerySet[CourseMember]:
    return (
        CourseMember.objects.filter(course=course, role=PARTICIPANT, left_at__isnull=True)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__username")
    )


def access_member(course: Course, member_id: int) -> CourseMember:
    """An active member of this course. Raises Http404 otherwise."""
    found = (
        CourseMember.objects.filter(course=course, pk=member_id, left_at__isnull=True)
        .select_related("user", "organisation")
        .first()
    )
    if found is None:
        raise Http404("No such participant")
    return found


def course_may_read(user: Any, case: Case) -> bool:
    """Read grant: the case is attached by an enrolled participant of a course the user is in,
    and the participant lets the user read it: facilitators when they chose "the facilitators
    only" or "the course", participants only when they chose "the course", nobody else.

    The participant must still be a member of the case's organisation, so leaving the organisation
    (or the course) ends the course's access at once. The case's own organisation always reads it.
    """
    if Membership.objects.filter(user=user, organisation_id=case.organisation_id).exists():
        return True
    # One filter() call: the viewer's membership is one join, read by both conditions.
    return CourseMember.objects.filter(
        Q(case_readers=READERS_COURSE)
        | Q(case_readers=READERS_FACILITATORS, course__members__role=FACILITATOR),
        case=case,
        role=PARTICIPANT,
        left_at__isnull=True,
        organisation_id=case.organisation_id,
        user__memberships__organisation_id=case.organisation_id,
        course__members__user=user,
        course__members__left_at__isnull=True,
    ).exists()


def access_member_case(user: Any, member: CourseMember) -> Case:
    """The participant's attached case, read through the cases access layer. Raises Http404."""
    if member.case_id is None:
        raise Http404("No case attached")
    return access_granted_case(user, member.case_id)


def readable_case(user: Any, member: CourseMember) -> Case | None:
    """Like access_member_case, but None when there is nothing the user may read."""
    try:
        return access_member_case(user, member)
    except Http404:
        return None
