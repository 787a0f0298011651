"""Whether a running job still has a live worker: the worker's host and process id and a heartbeat
on the job row, and the failures recorded when the worker died or the job ran past its time."""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from verksam.web.jobs.models import Job

log = logging.getLogger("verksam.jobs")
HOST = socket.gethostname()[:255]


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (a zombie, killed but not yet reaped
    by its parent, counts as dead)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True  # no /proc (not Linux): the signal said it exists
    return state not in {"Z", "X"}


def worker_gone(job: Job) -> bool:
    """Whether the worker that took this running job has died: its process is gone (same host) or
    its heartbeat is older than JOB_LEASE_SECONDS (any host)."""
    if job.status != Job.RUNNING:
        return False
    if job.worker_host == HOST and job.worker_pid and not pid_alive(job.worker_pid):
        return True
    beat = job.heartbeat_at or job.started_at
    lease = timedelta(seconds=settings.JOB_LEASE_SECONDS)
    return beat is not None and beat < timezone.now() - lease


def fail(job: Job, message: str, traceback: str = "") -> bool:
    """Mark a running job failed with the message; False if it finished meanwhile."""
    now = timezone.now()
    changed = Job.objects.filter(pk=job.pk, status=Job.RUNNING).update(
        status=Job.FAILED, error=message, traceback=traceback, finished_at=now
    )
    if changed and job.task_id:  # so the task queue, too, no longer counts it as running
        DBTaskResult.objects.filter(pk=job.task_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED, finished_at=now
        )
    return bool(changed)


def worker_died_message(job: Job) -> str:
    with translation.override(job.params.get("language")):
        return _(
            "The job stopped because the background worker doing it ended unexpectedly, for "
            "example when the server was restarted. Start it again; if it stops again, tell the "
            "administrator."
        )


def time_limit_message(job: Job) -> str:
    seconds = int(settings.JOB_TIME_LIMIT)
    with translation.override(job.params.get("language")):
        if seconds % 60:
            limit = ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
        else:
            minutes = seconds // 60
            limit = ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
        return _(
            "The job was stopped because it ran longer than %(limit)s, the limit of this server. "
            "Try it with a smaller input, or ask the administrator to raise the limit."
        ) % {"limit": limit}


def fail_if_orphaned(job: Job) -> Job:
    """The job, marked failed first when its worker has died (so a page never shows a job as
    running forever)."""
    if worker_gone(job) and fail(job, worker_died_message(job)):
        log.warning("job %s (%s): its worker %s:%s died", job.pk, job.kind, job.worker_host,
                    job.worker_pid)  # fmt: skip
        job.refresh_from_db()
    return job


def fail_orphaned_jobs() -> list[Job]:
    """Mark failed every running job whose worker has died; the jobs so marked."""
    return [job for job in Job.objects.filter(status=Job.RUNNING) if fail_if_orphaned(job).finished]


def overdue_jobs(pids: set[int]) -> list[Job]:
    """Running jobs of these worker processes (on this host) older than JOB_TIME_LIMIT."""
    since = timezone.now() - timedelta(seconds=settings.JOB_TIME_LIMIT)
    return list(
        Job.objects.filter(
            status=Job.RUNNING, worker_host=HOST, worker_pid__in=pids, started_at__lt=since
        )
    )


@contextmanager
def heartbeat(job: Job) -> Iterator[None]:
    """Claim the job for this process and keep its heartbeat fresh while the body runs."""
    Job.objects.filter(pk=job.pk).update(
        status=Job.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now(),
        worker_host=HOST, worker_pid=os.getpid(),
    )  # fmt: skip
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(settings.JOB_HEARTBEAT_SECONDS):
                try:
                    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
                except DatabaseError:  # a busy database: the next beat tries again
                    log.warning("job %s: heartbeat not stored", job.pk)
        finally:
            connections.close_all()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"heartbeat-{job.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
