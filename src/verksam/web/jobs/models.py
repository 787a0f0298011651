"""A job: one piece of background work for an organisation, with its progress and result."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verksam.web.jobs.registry import KINDS
from verksam.web.organisations.models import Organisation


class Job(models.Model):
    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [
        (QUEUED, _("Waiting")),
        (RUNNING, _("Running")),
        (DONE, _("Done")),
        (FAILED, _("Failed")),
    ]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="jobs")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="jobs"
    )
    kind = models.CharField(max_length=60)
    params = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED)
    progress = models.FloatField(default=0.0)  # 0..1
    message = models.CharField(max_length=300, blank=True)
    result = models.JSONField(default=dict)
    result_file = models.CharField(max_length=300, blank=True)  # below MEDIA_ROOT
    error = models.TextField(blank=True)  # what went wrong, in words for the user
    traceback = models.TextField(blank=True)  # a bug's traceback: shown to site staff only
    task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Which worker process runs the job, and when it last said it still does (jobs.health).
    worker_host = models.CharField(max_length=255, blank=True)
    worker_pid = models.PositiveIntegerField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"

    @property
    def title(self) -> str:
        kind = KINDS.get(self.kind)
        return str(kind.title) if kind else self.kind

    @property
    def finished(self) -> bool:
        return self.status in {self.DONE, self.FAILED}

    @property
    def percent(self) -> int:
        return round(100 * max(0.0, min(1.0, self.progress)))
