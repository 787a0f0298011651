"""Linking a platform course to an existing Verksam course: the instructor's launch asks, a
facilitator of the Verksam course confirms or refuses, and only then is the course bound to that
platform + deployment + context and the instructor made a facilitator."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.web.courses.access import course_view
from verksam.web.courses.models import FACILITATOR, Course, CourseMember
from verksam.web.courses.services import course_by_code
from verksam.web.lti.models import LinkRequest, LtiContext, Platform
from verksam.web.requests import CourseRequest
from verksam.web.signins.log import failed


def enrol(course: Course, user: User, role: str) -> CourseMember:
    """Make the user an active member with at least this role (a facilitator stays one)."""
    member, _created = CourseMember.objects.get_or_create(
        course=course, user=user, defaults={"role": role}
    )
    changed = []
    if member.left_at is not None:
        member.left_at = None
        changed.append("left_at")
    if role == FACILITATOR and member.role != FACILITATOR:
        member.role = FACILITATOR
        changed.append("role")
    if changed:
        member.save(update_fields=changed)
    return member


def bind(
    platform: Platform, deployment: str, context_id: str, title: str, course: Course
) -> LtiContext:
    """Bind the course to this platform + deployment + context (the one binding it may have)."""
    return LtiContext.objects.create(
        platform=platform,
        deployment_id=deployment,
        context_id=context_id,
        title=title[:300],
        course=course,
    )


def request_link(
    request: HttpRequest,
    platform: Platform,
    deployment: str,
    context: dict[str, Any],
    code: str,
    user: User,
) -> HttpResponse:
    """An instructor's launch naming an existing course: record the request, grant nothing."""
    course = course_by_code(code)
    if course is None:
        message = _(
            "No Verksam course has the invitation code %(code)s. Check the custom parameter "
            "verksam_course_code in the learning platform, or remove it to open a new course."
        ) % {"code": code}
        failed(request, "lti", reason=message, user=user)
        return render(request, "lti/error.html", {"message": message}, status=404)
    if LtiContext.objects.filter(course=course).exists():
        message = _(
            "The Verksam course %(course)s is already linked to another course on a learning "
            "platform. A Verksam course can be linked to one course only; this launch gave no "
            "access. Remove the code to open a new Verksam course for this course."
        ) % {"course": course.title}
        failed(request, "lti", reason=message, user=user)
        return render(request, "lti/error.html", {"message": message}, status=403)
    LinkRequest.objects.update_or_create(
        platform=platform,
        deployment_id=deployment,
        context_id=str(context["id"]),
        course=course,
        defaults={"user": user, "title": str(context.get("title", ""))[:300]},
    )
    return render(request, "lti/link_requested.html", {"course": course}, status=202)


def pending_requests(course: Course) -> list[LinkRequest]:
    return list(LinkRequest.objects.filter(course=course).select_related("platform", "user"))


@course_view(facilitator=True)
@require_POST
def decide_link(request: CourseRequest, course: int, link: int) -> HttpResponse:
    """A facilitator confirms (binds the course, makes the requester a facilitator) or refuses."""
    found: Course = request.course
    asked = get_object_or_404(
        LinkRequest.objects.select_related("platform", "user"), pk=link, course=found
    )
    target = reverse("courses:detail", kwargs={"course": found.pk})
    if request.POST.get("decision") != "confirm":
        asked.delete()
        messages.success(request, _("The request was refused; nobody got access."))
        return redirect(target)
    if LtiContext.objects.filter(course=found).exists():
        asked.delete()
        messages.error(
            request, _("The course is already linked to a course on a learning platform.")
        )
        return redirect(target)
    bind(asked.platform, asked.deployment_id, asked.context_id, asked.title, found)
    enrol(found, asked.user, FACILITATOR)
    LinkRequest.objects.filter(course=found).delete()
    messages.success(
        request,
        _("The course is linked to %(context)s on %(platform)s; %(person)s is a facilitator.")
        % {
            "context": asked.title or asked.context_id,
            "platform": asked.platform.name,
            "person": asked.user.get_full_name() or asked.user.get_username(),
        },
    )
    return redirect(target)
