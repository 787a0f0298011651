"""Sessions with their workshop comments, the month calendar and the .ics download and feed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.web.cases.pages import PAGES
from verksam.web.community.forms import CommentForm
from verksam.web.community.models import Comment
from verksam.web.community.services import post_comment, threads
from verksam.web.courses import services
from verksam.web.courses.access import (
    course_view,
    readable_case,
)
from verksam.web.courses.forms import (
    SessionForm,
)
from verksam.web.courses.ical import calendar as ical_calendar
from verksam.web.courses.markup import render_markdown
from verksam.web.courses.models import FACILITATOR, Course, CourseMember, Session
from verksam.web.courses.views._common import _base_url, _course_url
from verksam.web.requests import CourseRequest


# --- sessions ------------------------------------------------------------------------------------
def _session(course: Course, session_id: int) -> Session:
    found = course.sessions.filter(pk=session_id).select_related("module").first()
    if found is None:
        raise Http404("No such session")
    return found


@course_view(facilitator=True)
def session_create(request: CourseRequest, course: int) -> HttpResponse:
    found: Course = request.course
    form = SessionForm(request.POST or None, course=found)
    if request.method == "POST" and form.is_valid():
        session = form.save(commit=False)
        session.course = found
        session.save()
        messages.success(
            request, _("The session “%(title)s” was added.") % {"title": session.title}
        )
        return redirect(_course_url(found, "courses:session", session=session.pk))
    return render(
        request, "courses/form.html", {"form": form, "heading": _("New session"), "course": found}
    )


@course_view(facilitator=True)
def session_edit(request: CourseRequest, course: int, session: int) -> HttpResponse:
    found = _session(request.course, session)
    form = SessionForm(request.POST or None, instance=found, course=request.course)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect(_course_url(request.course, "courses:session", session=found.pk))
    return render(
        request,
        "courses/form.html",
        {"form": form, "heading": _("Edit the session"), "course": request.course},
    )


@course_view(facilitator=True)
@require_POST
def session_delete(request: CourseRequest, course: int, session: int) -> HttpResponse:
    _session(request.course, session).delete()
    messages.success(request, _("The session was removed."))
    return redirect(_course_url(request.course))


@course_view()
def session_detail(request: CourseRequest, course: int, session: int) -> HttpResponse:
    """A session; in an open asynchronous workshop participants post their work and comment."""
    found = _session(request.course, session)
    member: CourseMember = request.course_member
    shareable = _shareable_views(request.user, member)
    form = CommentForm(request.POST or None)
    comments = Comment.objects.filter(session=found).select_related("author")
    if request.method == "POST":
        if not found.is_open:
            messages.error(request, _("This workshop is closed for posting."))
        elif form.is_valid():
            parent = comments.filter(pk=form.cleaned_data.get("parent") or 0).first()
            body = form.cleaned_data["body"]
            view = request.POST.get("share_view", "")
            if view in dict(shareable):
                # the post links to the participant's own view, readable by the course
                link = _course_url(
                    request.course, "courses:participant_view", member=member.pk, view=view
                )
                body = f"{body}\n\n{request.build_absolute_uri(link)}"
            comment = post_comment(
                request.user,
                body,
                session=found,
                parent=parent,
                base_url=_base_url(request),
            )
            messages.success(request, _("Your comment was posted."))
            return redirect(
                _course_url(request.course, "courses:session", session=found.pk)
                + f"#comment-{comment.pk}"
            )
    context = {
        "course": request.course,
        "session": found,
        "description": render_markdown(found.description),
        "threads": threads(comments),
        "form": form,
        "is_facilitator": request.course_member.role == FACILITATOR,
        "member": member,
        "shareable": shareable,
    }
    return render(request, "courses/session.html", context)


def _shareable_views(user: Any, member: CourseMember) -> list[tuple[str, Any]]:
    """The views of the member's attached case that exist, to link from a workshop post."""
    case = readable_case(user, member) if member.case_id else None
    model = services._model(case)
    if model is None:
        return []
    return [(page.slug, page.title) for page in PAGES if page.present(model)]


# --- calendar ------------------------------------------------------------------------------------
@course_view()
def course_calendar(request: CourseRequest, course: int) -> HttpResponse:
    found: Course = request.course
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", 0)) or None
        month = int(request.GET.get("month", 0)) or None
    except ValueError:
        year = month = None
    if year is None or month is None or not 1 <= month <= 12 or not 1900 <= year <= 2200:
        start = found.starts_on if today < found.starts_on or today > found.ends_on else today
        year, month = start.year, start.month
    first = dt.date(year, month, 1)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    context = {
        "course": found,
        "month": first,
        "weeks": services.month_grid(found, year, month),
        "previous": previous,
        "next": following,
        "today": today,
        "entries": services.entries(found),
        "feed_url": request.build_absolute_uri(
            reverse("courses:ics_feed", kwargs={"token": found.feed_token})
        ),
    }
    return render(request, "courses/calendar.html", context)


def _ics_response(request: HttpRequest, found: Course) -> HttpResponse:
    session_urls = {
        s.pk: request.build_absolute_uri(_course_url(found, "courses:session", session=s.pk))
        for s in found.sessions.all()
    }
    module_urls = {
        m.pk: request.build_absolute_uri(_course_url(found, "courses:module", module=m.pk))
        for m in found.modules.all()
    }
    text = ical_calendar(found, session_urls, module_urls, request.get_host().split(":")[0])
    response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="course-{found.pk}.ics"'
    return response


@course_view()
def course_ics(request: CourseRequest, course: int) -> HttpResponse:
    return _ics_response(request, request.course)


def course_ics_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed for calendar programs, which cannot sign in: the secret token is the key."""
    found = Course.objects.filter(feed_token=token).first()
    if found is None or not token:
        raise Http404("No such feed")
    return _ics_response(request, found)
