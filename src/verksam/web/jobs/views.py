"""Job pages: the list, one job with live progress (polled by htmx), and its result file."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.web.jobs.registry import KINDS
from verksam.web.jobs.services import access_job, jobs_of, start_job
from verksam.web.organisations.middleware import organisation_view
from verksam.web.organisations.permissions import EDIT, VIEW


@organisation_view(VIEW)
def job_list(request: HttpRequest, org: str) -> HttpResponse:
    jobs = jobs_of(request.organisation)[:50]
    return render(request, "jobs/list.html", {"jobs": jobs, "kinds": KINDS})


@organisation_view(VIEW)
def job_detail(request: HttpRequest, org: str, job: str) -> HttpResponse:
    found = access_job(request.organisation, job)
    return render(request, "jobs/detail.html", {"job": found, "kind": KINDS.get(found.kind)})


@organisation_view(VIEW)
def job_progress(request: HttpRequest, org: str, job: str) -> HttpResponse:
    """The progress fragment; it keeps polling itself until the job has finished."""
    found = access_job(request.organisation, job)
    return render(request, "jobs/_progress.html", {"job": found})


@organisation_view(VIEW)
def job_download(request: HttpRequest, org: str, job: str) -> HttpResponse:
    found = access_job(request.organisation, job)
    if not found.result_file:
        raise Http404("No file")
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / found.result_file).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404("No file")
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


@organisation_view(EDIT)
@require_POST
def export_workspace(request: HttpRequest, org: str) -> HttpResponse:
    job = start_job(request.organisation, request.user, "export-workspace")
    messages.info(request, _("The export has started."))
    return redirect("jobs:detail", org=org, job=job.pk)
