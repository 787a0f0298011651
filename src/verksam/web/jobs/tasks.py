"""The one task the worker runs: do a Job's work and keep its status, progress and result current."""

from __future__ import annotations

import traceback
import uuid

from django.utils import timezone
from django_tasks import task

from verksam.web.jobs.models import Job
from verksam.web.jobs.registry import KINDS


@task()
def run_job(job_id: str) -> str:
    job = Job.objects.get(pk=uuid.UUID(job_id))
    if job.finished:
        return job.status
    kind = KINDS.get(job.kind)
    Job.objects.filter(pk=job.pk).update(status=Job.RUNNING, started_at=timezone.now())

    def report(fraction: float, message: str) -> None:
        Job.objects.filter(pk=job.pk).update(progress=fraction, message=message[:300])

    try:
        if kind is None:
            raise LookupError(f"unknown job kind {job.kind!r}")
        result = kind.work(job, report)
    except Exception as exc:  # the job records any failure; the worker goes on with the next
        Job.objects.filter(pk=job.pk).update(
            status=Job.FAILED,
            error=f"{type(exc).__name__}: {exc}\n\n{traceback.format_exc(limit=5)}",
            finished_at=timezone.now(),
        )
        return Job.FAILED
    Job.objects.filter(pk=job.pk).update(
        status=Job.DONE,
        progress=1.0,
        result=result,
        finished_at=timezone.now(),
    )
    return Job.DONE
