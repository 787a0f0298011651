"""Starting jobs and reaching them (scoped to the organisation)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import translation

from verksam.web.jobs.health import fail_if_orphaned
from verksam.web.jobs.models import Job
from verksam.web.jobs.registry import KINDS
from verksam.web.organisations.models import Organisation


def start_job(
    organisation: Organisation,
    user: User | None,
    kind: str,
    params: dict[str, Any] | None = None,
    case: Any = None,
) -> Job:
    """Create a job and queue it for the worker once the surrounding transaction commits.

    The job keeps the language active now, so that its messages come in the user's language.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    from verksam.web.jobs.tasks import run_job

    job = Job.objects.create(
        organisation=organisation,
        case=case,
        kind=kind,
        params={"language": translation.get_language(), **(params or {})},
        created_by=user,
    )

    def enqueue() -> None:
        result = run_job.enqueue(str(job.pk))
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))

    transaction.on_commit(enqueue)
    return job


def jobs_of(organisation: Organisation) -> QuerySet[Job]:
    return Job.objects.filter(organisation=organisation).select_related("case", "created_by")


def access_job(organisation: Organisation | None, job_id: Any) -> Job:
    """The organisation's job (404 otherwise), marked failed first if its worker has died."""
    job = jobs_of(organisation).filter(pk=job_id).first() if organisation else None
    if job is None:
        raise Http404("No such job")
    return fail_if_orphaned(job)
