"""Job pages: the list, one job with live progress (polled by htmx), and its result file."""

from __future__ import annotations

import uuid
import zipfile
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from verksam.web.jobs.registry import KINDS
from verksam.web.jobs.services import access_job, jobs_of, start_job
from verksam.web.organisations.middleware import organisation_view
from verksam.web.organisations.permissions import EDIT, VIEW
from verksam.web.requests import OrganisationRequest


@organisation_view(VIEW)
def job_list(request: OrganisationRequest, org: str) -> HttpResponse:
    jobs = jobs_of(request.organisation)[:50]
    context = {"jobs": jobs, "kinds": KINDS, "upload_form": WorkspaceUploadForm()}
    return render(request, "jobs/list.html", context)


@organisation_view(VIEW)
def job_detail(request: OrganisationRequest, org: str, job: str) -> HttpResponse:
    found = access_job(request.organisation, job)
    return render(request, "jobs/detail.html", {"job": found, "kind": KINDS.get(found.kind)})


@organisation_view(VIEW)
def job_progress(request: OrganisationRequest, org: str, job: str) -> HttpResponse:
    """The progress fragment; it keeps polling itself until the job has finished."""
    found = access_job(request.organisation, job)
    return render(request, "jobs/_progress.html", {"job": found})


@organisation_view(VIEW)
def job_download(request: OrganisationRequest, org: str, job: str) -> FileResponse:
    found = access_job(request.organisation, job)
    if not found.result_file:
        raise Http404("No file")
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / found.result_file).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404("No file")
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


class WorkspaceUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Zip of case files"),
        help_text=gettext_lazy("For example a workspace export from Verksam."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                gettext_lazy("The file is too large (limit %(limit)s MB).")
                % {"limit": settings.MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        if not zipfile.is_zipfile(upload):
            raise forms.ValidationError(gettext_lazy("This is not a zip file."))
        upload.seek(0)
        return upload


@organisation_view(EDIT)
@require_POST
def import_workspace(request: OrganisationRequest, org: str) -> HttpResponse:
    """Start a job that imports every case file of an uploaded zip (all or nothing)."""
    form = WorkspaceUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, str(error))
        return redirect("jobs:list", org=org)
    relative = Path("uploads") / f"{uuid.uuid4()}.zip"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        for chunk in form.cleaned_data["file"].chunks():
            out.write(chunk)
    job = start_job(
        request.organisation,
        request.user,
        "import-workspace",
        {"upload": relative.as_posix(), "filename": form.cleaned_data["file"].name},
    )
    messages.info(request, _("The import has started."))
    return redirect("jobs:detail", org=org, job=job.pk)


@organisation_view(EDIT)
@require_POST
def export_workspace(request: OrganisationRequest, org: str) -> HttpResponse:
    job = start_job(request.organisation, request.user, "export-workspace")
    messages.info(request, _("The export has started."))
    return redirect("jobs:detail", org=org, job=job.pk)
