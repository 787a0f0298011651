"""The request types views are given, for the type checker: a signed-in user, and what the
organisation middleware and the course decorator add to a request.

A view declares the narrowest one its decorators guarantee (`@login_required` -> SignedInRequest,
`@organisation_view(...)` -> OrganisationRequest, `@course_view(...)` -> CourseRequest); API
endpoints, all behind the token authentication, take ApiRequest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    # annotations only: importing the models here would tie this module to every app
    from django.contrib.auth.models import User

    from verksam.web.api.models import ApiToken
    from verksam.web.courses.models import Course, CourseMember
    from verksam.web.organisations.models import Organisation


class SignedInRequest(HttpRequest):
    """A request whose user is signed in (the view or its decorator sent anyone else away)."""

    user: User  # narrower than HttpRequest's `User | AnonymousUser`, as django-stubs advises


class OrganisationRequest(SignedInRequest):
    """A request to a view under `<org>`: OrganisationMiddleware resolved it and the permission."""

    organisation: Organisation
    permissions: frozenset[str]


class CourseRequest(SignedInRequest):
    """A request to a view under a course: `course_view` resolved it and the membership."""

    course: Course
    course_member: CourseMember


class ApiRequest(HttpRequest):
    """A request to the API: django-ninja authenticated its token (api.auth.TokenAuth)."""

    auth: ApiToken
