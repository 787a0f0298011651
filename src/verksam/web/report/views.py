"""The case report as a print-friendly page and as a PDF (WeasyPrint, made by a background job), in
the case's language."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from verksam.web.cases.access import access_case
from verksam.web.cases.services import model_of
from verksam.web.jobs.models import Job
from verksam.web.jobs.services import start_job
from verksam.web.organisations.middleware import organisation_view
from verksam.web.organisations.permissions import VIEW
from verksam.web.report.content import report_context
from verksam.web.report.jobs import KIND, case_language
from verksam.web.requests import OrganisationRequest


@organisation_view(VIEW)
def report(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    """The report on one page, laid out for printing from the browser (it never simulates: it
    shows the simulations kept on the simulation page)."""
    row = access_case(request.organisation, case)
    model = model_of(row)
    with translation.override(case_language(model, str(request.LANGUAGE_CODE))):
        context = {
            **report_context(row, model, run_simulations=False),
            "pdf": False,
            "today": timezone.localdate(),
            "page_word": _("Page"),
        }
        return render(request, "report/document.html", context)


@organisation_view(VIEW)
def report_pdf(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    """Start the job that makes the PDF (or join the one already making it for this revision) and
    show its progress; its page offers the PDF when it is done."""
    row = access_case(request.organisation, case)
    running = (
        Job.objects.filter(organisation=request.organisation, case=row, kind=KIND)
        .filter(status__in=(Job.QUEUED, Job.RUNNING), params__revision=row.revision)
        .first()
    )
    if running is None:
        running = start_job(request.organisation, request.user, KIND,
                            {"revision": row.revision}, case=row)  # fmt: skip
    return redirect("jobs:detail", org=org, job=running.pk)
