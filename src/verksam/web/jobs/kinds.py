"""Built-in job kinds. The workspace export writes every case of the organisation (trash included)
as case files in one zip archive, which re-imports case by case without loss.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from verksam.formats import dump_case
from verksam.web.cases.access import all_cases_of
from verksam.web.cases.services import model_of
from verksam.web.jobs.models import Job
from verksam.web.jobs.registry import Report, job_kind


@job_kind("export-workspace", _("Workspace export"))
def export_workspace(job: Job, report: Report) -> dict[str, Any]:
    cases = list(all_cases_of(job.organisation).order_by("slug"))
    relative = Path("jobs") / str(job.pk) / f"{job.organisation.slug}-cases.zip"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, case in enumerate(cases, 1):
            folder = "trash/" if case.deleted_at else ""
            archive.writestr(f"{folder}{case.slug}.yaml", dump_case(model_of(case), "yaml"))
            report(number / max(len(cases), 1), case.name)
    Job.objects.filter(pk=job.pk).update(result_file=relative.as_posix())
    return {"cases": len(cases), "file": relative.name}
