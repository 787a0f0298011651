"""Course pages: list and join, the course page, modules and material, sessions with comments,
the calendar and .ics feed, participants' cases read-only with feedback, progress, comparison and
the evaluation. Course pages declare `@course_view(...)`, which resolves the course once."""

from __future__ import annotations

import datetime as dt
import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from verksam.analysis import AnalysisError
from verksam.web.cases.diagrams import draw
from verksam.web.cases.pages import PAGE_BY_SLUG, PAGES
from verksam.web.community.forms import CommentForm
from verksam.web.community.models import Comment, ExperienceNote
from verksam.web.community.services import element_choices, post_comment, threads
from verksam.web.courses import services
from verksam.web.courses.access import (
    access_member,
    access_member_case,
    active_participants,
    course_view,
    courses_of,
    membership,
    readable_case,
)
from verksam.web.courses.forms import (
    AttachForm,
    ConsentForm,
    CourseForm,
    EvaluationForm,
    JoinForm,
    ModuleForm,
    QuestionForm,
    ReadingFileForm,
    ReadingLinkForm,
    SessionForm,
)
from verksam.web.courses.ical import calendar as ical_calendar
from verksam.web.courses.markup import render_markdown
from verksam.web.courses.models import FACILITATOR, Course, CourseMember, Module, Session


def _course_url(course: Course, name: str = "courses:detail", **extra: Any) -> str:
    return reverse(name, kwargs={"course": course.pk, **extra})


# --- list, create, join --------------------------------------------------------------------------
@login_required
def course_list(request: HttpRequest) -> HttpResponse:
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
def course_create(request: HttpRequest) -> HttpResponse:
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


@login_required
def course_join(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        course = services.course_by_code(form.cleaned_data["code"])
        if course is None:
            form.add_error("code", _("No course has this code."))
        else:
            return _join(request, course)
    return render(request, "courses/join.html", {"form": form})


@login_required
def course_join_link(request: HttpRequest, code: str) -> HttpResponse:
    """The invitation link: shows the course and joins it on confirmation."""
    course = services.course_by_code(code)
    if course is None:
        raise Http404("No such course")
    if request.method == "POST":
        return _join(request, course)
    return render(request, "courses/join_link.html", {"course": course})


def _join(request: HttpRequest, course: Course) -> HttpResponse:
    try:
        member = services.join(course, request.user)
    except services.JoinError as exc:
        messages.error(request, str(exc))
        return redirect("courses:list")
    messages.success(request, _("Welcome to %(course)s.") % {"course": course.title})
    if member.role != FACILITATOR and member.case_id is None:
        return redirect(_course_url(course, "courses:attach"))
    return redirect(_course_url(course))


# --- the course page -----------------------------------------------------------------------------
@course_view()
def course_detail(request: HttpRequest, course: int) -> HttpResponse:
    found: Course = request.course
    member: CourseMember = request.course_member
    context = {
        "course": found,
        "member": member,
        "is_facilitator": member.role == FACILITATOR,
        "description": render_markdown(found.description),
        "modules": found.modules.all(),
        "sessions": found.sessions.all(),
        "participants": active_participants(found),
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
def course_edit(request: HttpRequest, course: int) -> HttpResponse:
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
def course_new_code(request: HttpRequest, course: int) -> HttpResponse:
    """A new invitation code (the old code and link stop working)."""
    found: Course = request.course
    from verksam.web.courses.models import new_code, new_feed_token

    found.code = new_code()
    found.feed_token = new_feed_token()
    found.save(update_fields=["code", "feed_token"])
    messages.success(request, _("The new invitation code is %(code)s.") % {"code": found.code})
    return redirect(_course_url(found))


# --- attaching a case, consent, leaving ----------------------------------------------------------
@course_view()
def course_attach(request: HttpRequest, course: int) -> HttpResponse:
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
        initial={"case": member.case_id, "share_in_comparison": member.share_in_comparison},
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.attach_case(member, request.user, form.cleaned_data["case"])
        except services.JoinError as exc:
            form.add_error("case", str(exc))
        else:
            member.share_in_comparison = form.cleaned_data["share_in_comparison"]
            member.save(update_fields=["share_in_comparison"])
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
def course_consent(request: HttpRequest, course: int) -> HttpResponse:
    member: CourseMember = request.course_member
    form = ConsentForm(request.POST)
    if form.is_valid():
        member.share_in_comparison = form.cleaned_data["share_in_comparison"]
        member.save(update_fields=["share_in_comparison"])
        messages.success(request, _("Saved."))
    return redirect(_course_url(request.course))


@course_view()
@require_POST
def course_leave(request: HttpRequest, course: int) -> HttpResponse:
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
def make_facilitator(request: HttpRequest, course: int, member: int) -> HttpResponse:
    """Make a member a co-facilitator; a case they attached is no longer shared with the course."""
    found = access_member(request.course, member)
    if found.role != FACILITATOR:
        found.role = FACILITATOR
        found.case = None
        found.share_in_comparison = False
        found.save(update_fields=["role", "case", "share_in_comparison"])
        messages.success(
            request, _("%(name)s is now a facilitator.") % {"name": found.display_name}
        )
    return redirect(_course_url(request.course))


# --- modules and reading material ----------------------------------------------------------------
def _module(course: Course, module_id: int) -> Module:
    found = course.modules.filter(pk=module_id).first()
    if found is None:
        raise Http404("No such module")
    return found


@course_view(facilitator=True)
def module_create(request: HttpRequest, course: int) -> HttpResponse:
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
def module_detail(request: HttpRequest, course: int, module: int) -> HttpResponse:
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
def module_edit(request: HttpRequest, course: int, module: int) -> HttpResponse:
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
def module_delete(request: HttpRequest, course: int, module: int) -> HttpResponse:
    found = _module(request.course, module)
    for reading in found.files.all():
        reading.file.delete(save=False)
    found.delete()
    messages.success(request, _("The module was removed."))
    return redirect(_course_url(request.course))


@course_view(facilitator=True)
@require_POST
def link_add(request: HttpRequest, course: int, module: int) -> HttpResponse:
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
def link_delete(request: HttpRequest, course: int, module: int, link: int) -> HttpResponse:
    found = _module(request.course, module)
    deleted, _rows = found.links.filter(pk=link).delete()
    if not deleted:
        raise Http404("No such link")
    messages.success(request, _("The link was removed."))
    return redirect(_course_url(request.course, "courses:module", module=found.pk))


@course_view(facilitator=True)
@require_POST
def file_add(request: HttpRequest, course: int, module: int) -> HttpResponse:
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
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        messages.error(request, _("The file was not uploaded: %(errors)s") % {"errors": errors})
    return redirect(_course_url(request.course, "courses:module", module=found.pk))


@course_view()
def file_download(request: HttpRequest, course: int, module: int, file: int) -> HttpResponse:
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
def file_delete(request: HttpRequest, course: int, module: int, file: int) -> HttpResponse:
    found = _module(request.course, module)
    reading = found.files.filter(pk=file).first()
    if reading is None:
        raise Http404("No such file")
    reading.file.delete(save=False)
    reading.delete()
    messages.success(request, _("The file was removed."))
    return redirect(_course_url(request.course, "courses:module", module=found.pk))


# --- sessions ------------------------------------------------------------------------------------
def _session(course: Course, session_id: int) -> Session:
    found = course.sessions.filter(pk=session_id).select_related("module").first()
    if found is None:
        raise Http404("No such session")
    return found


@course_view(facilitator=True)
def session_create(request: HttpRequest, course: int) -> HttpResponse:
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
def session_edit(request: HttpRequest, course: int, session: int) -> HttpResponse:
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
def session_delete(request: HttpRequest, course: int, session: int) -> HttpResponse:
    _session(request.course, session).delete()
    messages.success(request, _("The session was removed."))
    return redirect(_course_url(request.course))


@course_view()
def session_detail(request: HttpRequest, course: int, session: int) -> HttpResponse:
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
def course_calendar(request: HttpRequest, course: int) -> HttpResponse:
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
def course_ics(request: HttpRequest, course: int) -> HttpResponse:
    return _ics_response(request, request.course)


def course_ics_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed for calendar programs, which cannot sign in: the secret token is the key."""
    found = Course.objects.filter(feed_token=token).first()
    if found is None or not token:
        raise Http404("No such feed")
    return _ics_response(request, found)


# --- participants' cases -------------------------------------------------------------------------
def _participant_context(request: HttpRequest, member_id: int) -> dict[str, Any]:
    found: Course = request.course
    participant = access_member(found, member_id)
    case = access_member_case(request.user, participant)
    model = services._model(case)
    if model is None:
        raise Http404("The case cannot be read")
    return {
        "course": found,
        "participant": participant,
        "case": case,
        "model": model,
        "pages": [(p, p.present(model)) for p in PAGES],
        "is_facilitator": request.course_member.role == FACILITATOR,
    }


def _element_choices(model: Any) -> list[tuple[str, str]]:
    return [("", _("The whole view")), *element_choices(model)]


def _post_case_comment(
    request: HttpRequest, context: dict[str, Any], view: str, form: CommentForm
) -> HttpResponse | None:
    if request.method != "POST" or not form.is_valid():
        return None
    existing = Comment.objects.filter(case=context["case"], course=context["course"])
    parent = existing.filter(pk=form.cleaned_data.get("parent") or 0).first()
    comment = post_comment(
        request.user,
        form.cleaned_data["body"],
        case=context["case"],
        view=view,
        element=form.cleaned_data.get("element") or "",
        course=context["course"],
        parent=parent,
        base_url=_base_url(request),
    )
    messages.success(request, _("Your comment was posted."))
    kwargs: dict[str, Any] = {"member": context["participant"].pk}
    name = "courses:participant"
    if view:
        kwargs["view"] = view
        name = "courses:participant_view"
    return redirect(_course_url(context["course"], name, **kwargs) + f"#comment-{comment.pk}")


@course_view()
def participant_case(request: HttpRequest, course: int, member: int) -> HttpResponse:
    context = _participant_context(request, member)
    form = CommentForm(request.POST or None)
    posted = _post_case_comment(request, context, "", form)
    if posted is not None:
        return posted
    checked = services._check(context["case"])
    cells = [
        services.module_cell(m, context["model"], context["case"], checked)
        for m in request.course.modules.all()
    ]
    comments = Comment.objects.filter(
        case=context["case"], course=request.course, view=""
    ).select_related("author")
    context.update({"cells": cells, "threads": threads(comments), "form": form})
    return render(request, "courses/participant.html", context)


@course_view()
def participant_view(request: HttpRequest, course: int, member: int, view: str) -> HttpResponse:
    page = PAGE_BY_SLUG.get(view)
    if page is None:
        raise Http404("No such view")
    context = _participant_context(request, member)
    model = context["model"]
    form = CommentForm(request.POST or None, elements=_element_choices(model))
    posted = _post_case_comment(request, context, view, form)
    if posted is not None:
        return posted
    comments = Comment.objects.filter(
        case=context["case"], course=request.course, view=view
    ).select_related("author")
    labels = dict(_element_choices(model))
    context.update(
        {
            "page": page,
            "outline": page.outline(model),
            "drawings": [draw(model, d) for d in page.diagrams(model)],
            "threads": threads(comments),
            "form": form,
            "element_labels": labels,
        }
    )
    return render(request, "courses/participant_view.html", context)


# --- facilitator dashboard, comparison -----------------------------------------------------------
@course_view(facilitator=True)
def dashboard(request: HttpRequest, course: int) -> HttpResponse:
    found: Course = request.course
    rows = services.progress(found, request.user)
    modules = list(found.modules.all())
    totals = [sum(r.cells[i].done for r in rows) for i in range(len(modules))]
    recent = (
        Comment.objects.filter(course=found, deleted_at__isnull=True)
        .select_related("author", "case", "session")
        .order_by("-created_at")[:10]
    )
    context = {
        "course": found,
        "modules": modules,
        "rows": rows,
        "totals": totals,
        "recent": recent,
        "responses": found.responses.count(),
    }
    return render(request, "courses/dashboard.html", context)


@course_view()
def module_compare(request: HttpRequest, course: int, module: int) -> HttpResponse:
    found = _module(request.course, module)
    viewer: CourseMember = request.course_member
    members = services.visible_in_comparison(request.course, viewer)
    rows = services.comparison(found, members, request.user)
    detail = None
    detail_error = ""
    by_member = {str(r.member.pk): r for r in rows}
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    if a and b:
        row_a, row_b = by_member.get(a), by_member.get(b)
        if row_a is None or row_b is None or not row_a.process_id or not row_b.process_id:
            detail_error = _("Choose two participants whose processes can be analysed.")
        else:
            try:
                detail = services.pair(row_a, row_b)
            except AnalysisError as exc:
                detail_error = str(exc)
    context = {
        "course": request.course,
        "module": found,
        "rows": rows,
        "is_facilitator": viewer.role == FACILITATOR,
        "member": viewer,
        "detail": detail,
        "detail_error": detail_error,
        "row_a": by_member.get(a),
        "row_b": by_member.get(b),
        "figure_labels": FIGURE_LABELS,
        "process_step": found.view == "processes",
        "outlines": []
        if found.view == "processes"
        else _outlines(found, rows, request.user, members),
    }
    return render(request, "courses/compare.html", context)


def _outlines(
    module: Module, rows: list[Any], user: Any, members: list[CourseMember]
) -> list[tuple[CourseMember, Any]]:
    page = PAGE_BY_SLUG.get(module.view)
    out = []
    for member in members:
        case = access_member_case(user, member)
        model = services._model(case)
        if page is not None and model is not None:
            out.append((member, page.outline(model)))
    return out


FIGURE_LABELS = {
    "touch_hours": gettext_lazy("Touch time per case (h)"),
    "waiting_hours": gettext_lazy("Waiting time per case (h)"),
    "lead_hours": gettext_lazy("Lead time per case (h)"),
    "flow_efficiency": gettext_lazy("Flow efficiency"),
    "handoffs": gettext_lazy("Handoffs per case"),
    "rework_share": gettext_lazy("Rework share"),
    "workload_hours.total": gettext_lazy("Hours per 1,000 cases"),
    "fte.total": gettext_lazy("FTE per 1,000 cases"),
    "cost.total": gettext_lazy("Cost per 1,000 cases"),
}


# --- evaluation ----------------------------------------------------------------------------------
@course_view()
def evaluation(request: HttpRequest, course: int) -> HttpResponse:
    found: Course = request.course
    questions = list(found.questions.all())
    response = found.responses.filter(user=request.user).first()
    initial = {}
    if response is not None:
        for answer in response.answers.all():
            initial[f"q{answer.question_id}"] = (
                str(answer.score) if answer.score is not None else answer.text
            )
    form = EvaluationForm(request.POST or None, questions=questions, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_evaluation(found, request.user, form.answers())
        messages.success(request, _("Thank you for your answers."))
        return redirect(_course_url(found))
    return render(
        request,
        "courses/evaluation.html",
        {"course": found, "form": form, "answered": response is not None},
    )


@course_view(facilitator=True)
def evaluation_summary(request: HttpRequest, course: int) -> HttpResponse:
    found: Course = request.course
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        question = form.save(commit=False)
        question.course = found
        question.position = found.questions.count() + 1
        question.save()
        messages.success(request, _("The question was added."))
        return redirect(_course_url(found, "courses:evaluation_summary"))
    count, summaries = services.evaluation_summary(found)
    participants = active_participants(found).count()
    return render(
        request,
        "courses/evaluation_summary.html",
        {
            "course": found,
            "count": count,
            "participants": participants,
            "summaries": summaries,
            "form": form,
        },
    )


def _base_url(request: HttpRequest) -> str:
    """Scheme and host of this request, for absolute links in notification mails."""
    return request.build_absolute_uri("/").rstrip("/")
