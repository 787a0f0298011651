"""The case report's PDF as a background job: WeasyPrint lays out a big case for many seconds, and
the report runs a short simulation for each variant never simulated, so neither blocks a request.
The PDF is kept below MEDIA_ROOT and downloaded from the job's page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verksam.web.cases.services import model_of
from verksam.web.jobs.models import Job
from verksam.web.jobs.registry import Report, job_kind

KIND = "report-pdf"


def case_language(model: Any, fallback: str) -> str:
    return model.settings.effective_language if model.settings else fallback


def render_pdf(html: str, target: Path) -> int:
    """Write the report's HTML as a PDF; the number of pages."""
    # imported here: it loads pango, which only the PDF needs
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # everything is inline; fetching nothing keeps a report from reaching the network
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=["data"])).render()
    target.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(target)
    return len(document.pages)


@job_kind(KIND, gettext_lazy("Case report as PDF"))
def report_pdf(job: Job, report: Report) -> dict[str, Any]:
    from verksam.web.report.content import report_context

    assert job.case is not None, "a report is made of a case"
    case = job.case
    model = model_of(case)
    with translation.override(case_language(model, str(job.params.get("language") or "en"))):
        report(0.1, _("Running the simulations the report needs"))
        context = {
            **report_context(case, model, run_simulations=True),
            "pdf": True,
            "today": timezone.localdate(),
            "page_word": _("Page"),
        }
        report(0.5, _("Laying out the pages"))
        html = render_to_string("report/document.html", context)
        relative = Path("jobs") / str(job.pk) / f"{case.slug}-report.pdf"
        pages = render_pdf(html, Path(settings.MEDIA_ROOT) / relative)
    Job.objects.filter(pk=job.pk).update(result_file=relative.as_posix())
    return {"pages": pages, "revision": case.revision}
