"""Participants' cases read-only with feedback comments, the facilitator's progress dashboard
and the comparison of a module across participants."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verksam.analysis import AnalysisError, ProcessComparison
from verksam.web.cases.diagrams import draw
from verksam.web.cases.pages import PAGE_BY_SLUG, PAGES
from verksam.web.community.forms import CommentForm
from verksam.web.community.models import Comment
from verksam.web.community.notifications import element_choices
from verksam.web.community.services import post_comment, threads
from verksam.web.courses import services
from verksam.web.courses.access import (
    access_member,
    access_member_case,
    course_view,
)
from verksam.web.courses.models import FACILITATOR, Course, CourseMember, Module
from verksam.web.courses.views._common import _base_url, _course_url, _module
from verksam.web.requests import CourseRequest
from verksam.web.words.analysis import analysis_error_words


# --- participants' cases -------------------------------------------------------------------------
def _participant_context(request: CourseRequest, member_id: int) -> dict[str, Any]:
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
        # read-only live socket: the page says when the case changed (verksam.web.live)
        "live_socket": f"/ws/courses/{found.pk}/participants/{participant.pk}/"
        if settings.LIVE_UPDATES
        else "",
    }


def _element_choices(model: Any) -> list[tuple[str, str]]:
    return [("", _("The whole view")), *element_choices(model)]


def _post_case_comment(
    request: CourseRequest, context: dict[str, Any], view: str, form: CommentForm
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
def participant_case(request: CourseRequest, course: int, member: int) -> HttpResponse:
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
def participant_view(request: CourseRequest, course: int, member: int, view: str) -> HttpResponse:
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
def dashboard(request: CourseRequest, course: int) -> HttpResponse:
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
def module_compare(request: CourseRequest, course: int, module: int) -> HttpResponse:
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
                if exc.code == "unreadable":
                    detail_error = _(
                        "One of the two cases cannot be read right now; ask its owner to open "
                        "it and check its problems list."
                    )
                else:  # ids in the message are named from whichever case holds them
                    both = {"a": row_a.case.document, "b": row_b.case.document}
                    detail_error = analysis_error_words(exc, both)
    context = {
        "course": request.course,
        "module": found,
        "rows": rows,
        "is_facilitator": viewer.role == FACILITATOR,
        "member": viewer,
        "detail": detail,
        "detail_rows": _detail_rows(detail) if detail else [],
        "detail_notes": _detail_notes(detail) if detail else [],
        "detail_error": detail_error,
        "row_a": by_member.get(a),
        "row_b": by_member.get(b),
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


SHARE_KEYS = frozenset({"flow_efficiency", "rework_share"})
DECIMALS = {"volume_per_year": 0, "workload_hours.total": 0, "cost.total": 0, "fte.total": 3}


def _figure_text(key: str, value: float | None) -> str:
    """A comparison figure with the precision that suits it: shares as percentages, hours and
    money as whole numbers, FTE per 1,000 cases with three decimals, times with two."""
    if value is None:
        return "–"
    # number_format cuts decimals off; round first so 0.156 % shows as 0,2 %, not 0,1 %.
    if key in SHARE_KEYS:
        return f"{number_format(round(100 * value, 1), 1, use_l10n=True)} %"
    decimals = DECIMALS.get(key, 2)
    return number_format(round(value, decimals), decimals, use_l10n=True, force_grouping=True)


def _detail_rows(detail: ProcessComparison) -> list[tuple[str, str, str, str]]:
    rows = []
    for figure in [*detail.per_case, *detail.per_1000_cases]:
        label = str(FIGURE_LABELS.get(figure.key, figure.label))
        if figure.key == "cost.total" and detail.currency:
            label = f"{label} ({detail.currency})"
        a, b, difference = (
            _figure_text(figure.key, v) for v in (figure.a, figure.b, figure.difference)
        )
        rows.append((label, a, b, difference))
    return rows


def _detail_notes(detail: ProcessComparison) -> list[str]:
    """The comparison's notes in the reader's language (the core words them in English)."""
    notes = []
    for m in detail.messages:
        if m["code"] == "no-rate":
            notes.append(
                _(
                    "The costs are in %(a)s and %(b)s and neither case has an exchange rate, so "
                    "the costs are not compared. Add an exchange rate to one case's settings to "
                    "compare them."
                )
                % {"a": m["a"], "b": m["b"]}
            )
        elif m["code"] == "converted":
            notes.append(
                _(
                    "Costs in %(source)s are converted to %(target)s at %(rate)s %(target)s per "
                    "%(source)s (the rate of %(date)s)."
                )
                % {
                    "source": m["source_currency"],
                    "target": m["target_currency"],
                    "rate": number_format(round(m["rate"], 4), 4, use_l10n=True),
                    "date": m["date"],
                }
            )
        elif m["code"] == "hours-per-fte":
            notes.append(
                _(
                    "The cases count a different number of hours per FTE (%(a)s and %(b)s); each "
                    "side's FTE uses its own."
                )
                % {"a": number_format(m["a"], 0), "b": number_format(m["b"], 0)}
            )
        elif m["code"] == "no-volume":
            notes.append(
                _(
                    "“%(variant)s” has no number of cases per year, so its figures per 1,000 "
                    "cases show as 0."
                )
                % {"variant": m["variant"]}
            )
    return notes


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
