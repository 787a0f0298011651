"""The case report as a print-friendly page and as a PDF (WeasyPrint), in the case's language."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from verksam.web.cases.access import access_case
from verksam.web.cases.services import model_of
from verksam.web.organisations.middleware import organisation_view
from verksam.web.organisations.permissions import VIEW
from verksam.web.report.content import report_context
from verksam.web.requests import OrganisationRequest


def _context(request: OrganisationRequest, case: str, pdf: bool) -> dict[str, object]:
    row = access_case(request.organisation, case)
    model = model_of(row)
    return {
        **report_context(row, model),
        "pdf": pdf,
        "today": timezone.localdate(),
        "page_word": _("Page"),
    }


def _language(request: OrganisationRequest, case: str) -> str:
    model = model_of(access_case(request.organisation, case))
    return model.settings.effective_language if model.settings else str(request.LANGUAGE_CODE)


@organisation_view(VIEW)
def report(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    """The report on one page, laid out for printing from the browser."""
    with translation.override(_language(request, case)):
        return render(request, "report/document.html", _context(request, case, pdf=False))


@organisation_view(VIEW)
def report_pdf(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    """The report as a PDF with a table of contents and page numbers."""
    # imported here: it loads pango, which only this view needs
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    with translation.override(_language(request, case)):
        context = _context(request, case, pdf=True)
        html = render_to_string("report/document.html", context, request=request)
        # everything is inline; fetching nothing keeps a report from reaching the network
        fetcher = URLFetcher(allowed_protocols=["data"])
        pdf = HTML(string=html, url_fetcher=fetcher).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{case}-report.pdf"'
    return response
