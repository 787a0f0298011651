"""Enrolment: joining a course by code or invitation link, attaching a case, consent to the
comparison, leaving, and making a member a co-facilitator."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.web.courses import services
from verksam.web.courses.access import (
    access_member,
    course_view,
)
from verksam.web.courses.forms import (
    AttachForm,
    ConsentForm,
    JoinForm,
)
from verksam.web.courses.models import FACILITATOR, READERS_FACILITATORS, Course, CourseMember
from verksam.web.courses.views._common import _course_url
from verksam.web.requests import CourseRequest, SignedInRequest


# --- join ----------------------------------------------------------------------------------------
@login_required
def course_join(request: SignedInRequest) -> HttpResponse:
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        course = services.course_by_code(form.cleaned_data["code"])
        if course is None:
            form.add_error("code", _("No course has this code."))
        else:
            return _join(request, course)
    return render(request, "courses/join.html", {"form": form})


@login_required
def course_join_link(request: SignedInRequest, code: str) -> HttpResponse:
    """The invitation link: shows the course and joins it on confirmation."""
    course = services.course_by_code(code)
    if course is None:
        raise Http404("No such course")
    if request.method == "POST":
        return _join(request, course)
    return render(request, "courses/join_link.html", {"course": course})


def _join(request: SignedInRequest, course: Course) -> HttpResponse:
    try:
        member = services.join(course, request.user)
    except services.JoinError as exc:
        messages.error(request, str(exc))
        return redirect("courses:list")
    messages.success(request, _("Welcome to %(course)s.") % {"course": course.title})
    if member.role != FACILITATOR and member.case_id is None:
        return redirect(_course_url(course, "courses:attach"))
    return redirect(_course_url(course))


# --- attaching a case, consent, leaving ----------------------------------------------------------
@course_view()
def course_attach(request: CourseRequest, course: int) -> HttpResponse:
    member: CourseMember = request.course_member
    if member.role == FACILITATOR:
        raise Http404("Facilitators attach no case")
    groups = services.attachable_cases(request.user)
    choices = [
        (organisation.name, [(c.pk, c.name) for c in cases])
        for organisation, cases in groups
        if cases
    ]
    form = AttachForm(
        request.POST or None,
        choices=choices,
        initial={"case": member.case_id, "case_readers": member.case_readers},
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.attach_case(member, request.user, form.cleaned_data["case"])
        except services.JoinError as exc:
            form.add_error("case", str(exc))
        else:
            member.case_readers = form.cleaned_data["case_readers"] or READERS_FACILITATORS
            member.save(update_fields=["case_readers"])
            messages.success(
                request,
                _("“%(case)s” is attached; the course can read it while you are enrolled.")
                % {"case": case.name},
            )
            return redirect(_course_url(request.course))
    return render(
        request,
        "courses/attach.html",
        {"course": request.course, "form": form, "has_cases": bool(choices)},
    )


@course_view()
@require_POST
def course_consent(request: CourseRequest, course: int) -> HttpResponse:
    member: CourseMember = request.course_member
    form = ConsentForm(request.POST)
    if form.is_valid():
        member.case_readers = form.cleaned_data["case_readers"]
        member.save(update_fields=["case_readers"])
        messages.success(request, _("Saved."))
    return redirect(_course_url(request.course))


@course_view()
@require_POST
def course_leave(request: CourseRequest, course: int) -> HttpResponse:
    member: CourseMember = request.course_member
    if member.role == FACILITATOR:
        others = request.course.members.filter(role=FACILITATOR, left_at__isnull=True).exclude(
            pk=member.pk
        )
        if not others.exists():
            messages.error(request, _("A course needs at least one facilitator."))
            return redirect(_course_url(request.course))
    services.leave(member)
    messages.success(request, _("You have left the course; it can no longer read your case."))
    return redirect("courses:list")


@course_view(facilitator=True)
@require_POST
def make_facilitator(request: CourseRequest, course: int, member: int) -> HttpResponse:
    """Make a member a co-facilitator; a case they attached is no longer shared with the course."""
    found = access_member(request.course, member)
    if found.role != FACILITATOR:
        found.role = FACILITATOR
        found.case = None
        found.case_readers = READERS_FACILITATORS
        found.save(update_fields=["role", "case", "case_readers"])
        messages.success(
            request, _("%(name)s is now a facilitator.") % {"name": found.display_name}
        )
    return redirect(_course_url(request.course))
