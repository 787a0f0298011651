"""The course page's learning-platform panel for facilitators: which platform course the course is
bound to, and the buttons that fetch the roster and send progress to the gradebook."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.web.courses.access import course_view
from verksam.web.lti.models import LtiContext
from verksam.web.lti.services import ServiceError, send_progress, sync_roster
from verksam.web.requests import CourseRequest


def _problem(error: ServiceError, platform: str) -> str:
    known = {
        "no-ags": _(
            "%(platform)s has not offered a gradebook for this course yet. Enable grades for the "
            "Verksam activity in %(platform)s and launch it once."
        ),
        "no-nrps": _(
            "%(platform)s has not offered the course's participant list yet. Enable "
            "“Share the course's roster” for the Verksam tool in %(platform)s and launch it once."
        ),
        "no-modules": _("The course has no modules yet, so there is no progress to send."),
    }
    template = known.get(str(error)) or _(
        "%(platform)s did not answer as expected (%(error)s). Try again later; if it keeps "
        "failing, ask the site administrator to check the platform's registration."
    )
    return template % {"platform": platform, "error": str(error)}


def _run(
    request: CourseRequest,
    action: Callable[[LtiContext], Any],
    done: Callable[[Any, str], str],
) -> HttpResponse:
    """Run one service call towards the course's platform and say how it went."""
    binding = get_object_or_404(
        LtiContext.objects.select_related("platform"), course=request.course
    )
    try:
        report = action(binding)
    except ServiceError as exc:
        messages.error(request, _problem(exc, binding.platform.name))
    else:
        messages.success(request, done(report, binding.platform.name))
    return redirect(reverse("courses:detail", kwargs={"course": request.course.pk}))


@course_view(facilitator=True)
@require_POST
def send_grades(request: CourseRequest, course: int) -> HttpResponse:
    return _run(
        request,
        lambda binding: send_progress(binding, request.user),
        lambda report, platform: (
            _("Progress of %(sent)s participants was sent to the gradebook in %(platform)s.")
            % {"sent": report.sent, "platform": platform}
        ),
    )


@course_view(facilitator=True)
@require_POST
def roster(request: CourseRequest, course: int) -> HttpResponse:
    return _run(
        request,
        lambda binding: sync_roster(binding, translation.get_language() or "sv"),
        lambda report, platform: _(
            "Participant list from %(platform)s: %(new)s new participants, %(teachers)s new "
            "facilitators, %(left)s left the course."
        )
        % {"platform": platform, "new": report.enrolled, "teachers": report.facilitators,
           "left": report.left},
    )  # fmt: skip
