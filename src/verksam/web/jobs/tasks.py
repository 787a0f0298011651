"""The one task the worker runs: do a Job's work and keep its status, progress and result current."""

from __future__ import annotations

import logging
import traceback
import uuid

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from verksam.formats import CaseFileError
from verksam.web.jobs.health import heartbeat
from verksam.web.jobs.models import Job
from verksam.web.jobs.registry import KINDS

# Failures caused by the input rather than by a bug; their messages are meant for the user.
EXPECTED: tuple[type[Exception], ...] = (CaseFileError, ValueError, LookupError)
log = logging.getLogger("verksam.jobs")


@task()
def run_job(job_id: str) -> str:
    job = Job.objects.get(pk=uuid.UUID(job_id))
    if job.finished:
        return job.status
    with translation.override(job.params.get("language")), heartbeat(job):
        return _run(job)


def _run(job: Job) -> str:
    kind = KINDS.get(job.kind)

    def report(fraction: float, message: str) -> None:
        Job.objects.filter(pk=job.pk).update(
            progress=fraction, message=message[:300], heartbeat_at=timezone.now()
        )

    try:
        if kind is None:
            raise LookupError(f"unknown job kind {job.kind!r}")
        result = kind.work(job, report)
    except Exception as exc:  # the job records any failure; the worker goes on with the next
        if isinstance(exc, EXPECTED):  # bad input: the message names the place; no traceback
            error, details = str(exc), ""
        else:  # a bug: the user gets plain words, the server log and site staff the traceback
            log.exception("job %s (%s) failed", job.pk, job.kind)
            error = _(
                "Something went wrong on the server while doing this job. Try again later; if it "
                "fails again, tell the administrator, who finds the details in the server log."
            )
            details = f"{type(exc).__name__}: {exc}\n\n{traceback.format_exc(limit=5)}"
        Job.objects.filter(pk=job.pk).update(
            status=Job.FAILED, error=error, traceback=details, finished_at=timezone.now()
        )
        return Job.FAILED
    Job.objects.filter(pk=job.pk).update(
        status=Job.DONE,
        progress=1.0,
        result=result,
        finished_at=timezone.now(),
    )
    return Job.DONE
