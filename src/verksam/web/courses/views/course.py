"""The course list, creating a course, the course page and its settings, and the modules with
their reading material (links and uploaded files)."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.web.cases.pages import PAGE_BY_SLUG
from verksam.web.community.models import ExperienceNote
from verksam.web.courses import services
from verksam.web.courses.access import (
    access_member_case,
    active_participants,
    course_view,
    courses_of,
    membership,
    readable_case,
)
from verksam.web.courses.forms import (
    ConsentForm,
    CourseForm,
    JoinForm,
    ModuleForm,
    ReadingFileForm,
    ReadingLinkForm,
)
from verksam.web.courses.markup import render_markdown
from verksam.web.courses.models import FACILITATOR, Course, CourseMember
from verksam.web.courses.views._common import _course_url, _module
from verksam.web.requests import CourseRequest, SignedInRequest


# --- list, create --------------------------------------------------------------------------------
@login_required
def course_list(request: SignedInRequest) -> HttpResponse:
    rows = []
    for course in courses_of(request.user).order_by("-starts_on"):
        member = membership(request.user, course)
        rows.append((course, member))
    notes = ExperienceNote.objects.filter(published=True).select_related("case", "organisation")[:5]
    return render(
        request,
        "courses/list.html",
        {"rows": rows, "join_form": JoinForm(), "notes": notes},
    )


@login_required
def course_create(request: SignedInRequest) -> HttpResponse:
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        course = services.create_course(request.user, **form.cleaned_data)
        messages.success(
            request,
            _("The course was created. Participants join with the code %(code)s.")
            % {"code": course.code},
        )
        return redirect(_course_url(course))
    return render(request, "courses/form.html", {"form": form, "heading": _("New course")})


# --- the course page -----------------------------------------------------------------------------
@course_view()
def course_detail(request: CourseRequest, course: int) -> HttpResponse:
    found: Course = request.course
    member: CourseMember = request.course_member
    participants = list(active_participants(found))
    context = {
        "course": found,
        "member": member,
        "consent_form": ConsentForm(initial={"case_readers": member.case_readers}),
        "readable": {
            p.pk for p in participants if p.case_id and readable_case(request.user, p) is not None
        },
        "is_facilitator": member.role == FACILITATOR,
        "description": render_markdown(found.description),
        "modules": found.modules.all(),
        "sessions": found.sessions.all(),
        "participants": participants,
        "facilitators": found.members.filter(role=FACILITATOR, left_at__isnull=True).select_related(
            "user"
        ),
        "join_link": request.build_absolute_uri(
            reverse("courses:join_link", kwargs={"code": found.code})
        ),
        "notes": ExperienceNote.objects.filter(published=True)
        .exclude(course=found)
        .select_related("case", "organisation")[:3],
    }
    return render(request, "courses/detail.html", context)


@course_view(facilitator=True)
def course_edit(request: CourseRequest, course: int) -> HttpResponse:
    form = CourseForm(request.POST or None, instance=request.course)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect(_course_url(request.course))
    return render(
        request,
        "courses/form.html",
        {"form": form, "heading": _("Edit the course"), "course": request.course},
    )


@course_view(facilitator=True)
@require_POST
def course_new_code(request: CourseRequest, course: int) -> HttpResponse:
    """A new invitation code (the old code and link stop working)."""
    found: Course = request.course
    from verksam.web.courses.models import new_code, new_feed_token

    found.code = new_code()
    found.feed_token = new_feed_token()
    found.save(update_fields=["code", "feed_token"])
    messages.success(request, _("The new invitation code is %(code)s.") % {"code": found.code})
    return redirect(_course_url(found))


# --- modules and reading material ----------------------------------------------------------------
@course_view(facilitator=True)
def module_create(request: CourseRequest, course: int) -> HttpResponse:
    found: Course = request.course
    form = ModuleForm(
        request.POST or None, initial={"position": found.modules.count() + 1, "step": "as-is"}
    )
    if request.method == "POST" and form.is_valid():
        module = form.save(commit=False)
        module.course = found
        module.save()
        messages.success(request, _("The module “%(title)s” was added.") % {"title": module.title})
        return redirect(_course_url(found, "courses:module", module=module.pk))
    return render(
        request, "courses/form.html", {"form": form, "heading": _("New module"), "course": found}
    )


@course_view()
def module_detail(request: CourseRequest, course: int, module: int) -> HttpResponse:
    found = _module(request.course, module)
    member: CourseMember = request.course_member
    context: dict[str, Any] = {
        "course": request.course,
        "module": found,
        "member": member,
        "is_facilitator": member.role == FACILITATOR,
        "instructions": render_markdown(found.instructions),
        "view_title": PAGE_BY_SLUG[found.view].title if found.view in PAGE_BY_SLUG else "",
        "link_form": ReadingLinkForm(),
        "file_form": ReadingFileForm(),
    }
    if member.case_id is not None:
        case = access_member_case(request.user, member)
        context["own_cell"] = services.module_cell(found, services._model(case), case)
        context["own_case"] = case
    return render(request, "courses/module.html", context)


@course_view(facilitator=True)
def module_edit(request: CourseRequest, course: int, module: int) -> HttpResponse:
    found = _module(request.course, module)
    form = ModuleForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect(_course_url(request.course, "courses:module", module=found.pk))
    return render(
        request,
        "courses/form.html",
        {"form": form, "heading": _("Edit the module"), "course": request.course},
    )


@course_view(facilitator=True)
@require_POST
def module_delete(request: CourseRequest, course: int, module: int) -> HttpResponse:
    found = _module(request.course, module)
    for reading in found.files.all():
        reading.file.delete(save=False)
    found.delete()
    messages.success(request, _("The module was removed."))
    return redirect(_course_url(request.course))


@course_view(facilitator=True)
@require_POST
def link_add(request: CourseRequest, course: int, module: int) -> HttpResponse:
    found = _module(request.course, module)
    form = ReadingLinkForm(request.POST)
    if form.is_valid():
        link = form.save(commit=False)
        link.module = found
        link.save()
        messages.success(request, _("The link was added."))
    else:
        messages.error(request, _("The link was not added: give a title and a full address."))
    return redirect(_course_url(request.course, "courses:module", module=found.pk))


@course_view(facilitator=True)
@require_POST
def link_delete(request: CourseRequest, course: int, module: int, link: int) -> HttpResponse:
    found = _module(request.course, module)
    deleted, _rows = found.links.filter(pk=link).delete()
    if not deleted:
        raise Http404("No such link")
    messages.success(request, _("The link was removed."))
    return redirect(_course_url(request.course, "courses:module", module=found.pk))


@course_view(facilitator=True)
@require_POST
def file_add(request: CourseRequest, course: int, module: int) -> HttpResponse:
    found = _module(request.course, module)
    form = ReadingFileForm(request.POST, request.FILES)
    if form.is_valid():
        reading = form.save(commit=False)
        reading.module = found
        reading.size = form.cleaned_data["file"].size
        reading.uploaded_by = request.user
        reading.save()
        messages.success(request, _("The file was uploaded."))
    else:
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, _("The file was not uploaded: %(errors)s") % {"errors": errors})
    return redirect(_course_url(request.course, "courses:module", module=found.pk))


@course_view()
def file_download(request: CourseRequest, course: int, module: int, file: int) -> FileResponse:
    found = _module(request.course, module)
    reading = found.files.filter(pk=file).first()
    if reading is None:
        raise Http404("No such file")
    try:
        handle = reading.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing") from None
    content_type = mimetypes.guess_type(reading.filename)[0] or "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=True, filename=reading.filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@course_view(facilitator=True)
@require_POST
def file_delete(request: CourseRequest, course: int, module: int, file: int) -> HttpResponse:
    found = _module(request.course, module)
    reading = found.files.filter(pk=file).first()
    if reading is None:
        raise Http404("No such file")
    reading.file.delete(save=False)
    reading.delete()
    messages.success(request, _("The file was removed."))
    return redirect(_course_url(request.course, "courses:module", module=found.pk))
