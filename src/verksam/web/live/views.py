"""Workshop pages and actions of a case: the full-screen view for a projector, leading (follow
me), the timer and the parking lot. Each answers like every case page: members only, through
cases.access; without JavaScript the forms post and come back to the page they were sent from."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.web.cases import services
from verksam.web.cases.access import access_case
from verksam.web.cases.models import Case
from verksam.web.cases.pages import PAGE_BY_SLUG, PAGES
from verksam.web.live import workshop
from verksam.web.live.models import ParkedQuestion
from verksam.web.live.templatetags.live import bar_context
from verksam.web.organisations.middleware import organisation_view
from verksam.web.organisations.permissions import EDIT, VIEW
from verksam.web.requests import OrganisationRequest


def _back(request: HttpRequest, row: Case) -> HttpResponse:
    """Back to the page the form was on (a page of this case), else the case page."""
    target = request.POST.get("next", "")
    prefix = reverse("cases:detail", kwargs={"org": row.organisation.slug, "case": row.slug})
    if target.startswith(prefix) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return redirect(target)
    return redirect(prefix)


def _answer(request: HttpRequest, row: Case) -> HttpResponse:
    if request.headers.get("HX-Request"):
        return HttpResponse(status=204)  # the page hears the change on its socket
    return _back(request, row)


@organisation_view(VIEW)
def screen(request: OrganisationRequest, org: str, case: str, view: str) -> HttpResponse:
    """A view of the case for a projector: its diagrams at native size (with zoom), its key
    figures, who is here, the timer and the parking lot; it follows the edits live."""
    page = PAGE_BY_SLUG.get(view)
    if page is None:
        raise Http404("No such view")
    row = access_case(request.organisation, case)
    from verksam.web.cases.workspace import workspace_context

    model = services.model_of(row)
    context: dict[str, Any] = workspace_context(request, row, model, page, request.GET)
    context["screen_pages"] = [p for p in PAGES if p.diagrams(model)]
    template = "live/_screen.html" if request.headers.get("X-Verksam-Live") else "live/screen.html"
    return render(request, template, context)


@organisation_view(VIEW)
def panel(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    """The workshop panel alone, for pages refreshing it after a workshop change."""
    row = access_case(request.organisation, case)
    prefix = reverse("cases:detail", kwargs={"org": org, "case": row.slug})
    here = request.GET.get("next", "")
    context = bar_context(
        request, row, row.organisation, EDIT in request.permissions,
        here if here.startswith(prefix) else prefix,
    )  # fmt: skip
    return render(request, "live/_panel.html", context)


@organisation_view(EDIT)
@require_POST
def lead(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    """Start leading the workshop (participants' pages follow this user's) or stop it."""
    row = access_case(request.organisation, case)
    if request.POST.get("stop"):
        workshop.stop_leading(row)
    else:
        shown = request.POST.get("next", "")
        prefix = reverse("cases:detail", kwargs={"org": org, "case": row.slug})
        workshop.lead(row, request.user, shown if shown.startswith(prefix) else prefix)
    return _answer(request, row)


@organisation_view(EDIT)
@require_POST
def timer(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    row = access_case(request.organisation, case)
    if request.POST.get("stop"):
        workshop.stop_timer(row)
    else:
        try:
            minutes = int(request.POST.get("minutes", ""))
        except ValueError:
            minutes = 10
        workshop.start_timer(row, minutes)
    return _answer(request, row)


@organisation_view(EDIT)
@require_POST
def park(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    """Put an open question in the parking lot."""
    row = access_case(request.organisation, case)
    text = request.POST.get("text", "").strip()
    if text:
        workshop.park(row, request.user, text)
    elif not request.headers.get("HX-Request"):
        from django.contrib import messages

        messages.error(request, _("Write the question before you park it."))
    return _answer(request, row)


@organisation_view(EDIT)
@require_POST
def answered(request: OrganisationRequest, org: str, case: str, question: int) -> HttpResponse:
    """Mark a parked question answered (or open again)."""
    row = access_case(request.organisation, case)
    item = ParkedQuestion.objects.filter(case=row, pk=question).first()
    if item is None:
        raise Http404("No such question")
    workshop.answer(item, answered=request.POST.get("open") != "1")
    return _answer(request, row)
