"""Who owns each process of a case, where it stands on the way to publication, which revision of
the case was approved and published, and the improvement suggestions members sent on its steps.

The process itself lives in the case document (by id); these rows are reached only through
verksam.web.approval.services, which goes through the cases' access helpers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from verksam.web.cases.models import Case


class ProcessRecord(models.Model):
    """The governance of one process of a case: owner, status, review date, published revision."""

    DRAFT, IN_REVIEW, APPROVED, PUBLISHED, DUE = (
        "draft",
        "in_review",
        "approved",
        "published",
        "due",
    )
    STATUSES = [
        (DRAFT, pgettext_lazy("process status", "Draft")),
        (IN_REVIEW, pgettext_lazy("process status", "In review")),
        (APPROVED, pgettext_lazy("process status", "Approved")),
        (PUBLISHED, pgettext_lazy("process status", "Published")),
        (DUE, pgettext_lazy("process status", "Due for review")),
    ]

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="process_records")
    process = models.CharField(max_length=100)  # the process id in the case document
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_processes",
        verbose_name=_("process owner"),
    )
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=DRAFT)
    review_date = models.DateField(_("next review"), null=True, blank=True)
    # the case revision sent for review, approved and published (revision numbers of the case)
    review_revision = models.PositiveIntegerField(null=True, blank=True)
    approved_revision = models.PositiveIntegerField(null=True, blank=True)
    published_revision = models.PositiveIntegerField(null=True, blank=True)
    # the review date a reminder was sent for, so each due review is announced once
    reminded_for = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "process"], name="one_record_per_process")
        ]
        verbose_name = _("process approval")
        verbose_name_plural = _("process approvals")

    def __str__(self) -> str:
        return f"{self.case} / {self.process}"


class ApprovalEvent(models.Model):
    """One step of the approval history: who did what with which revision, when, and why."""

    SUBMITTED, RETURNED, APPROVED, PUBLISHED, CONFIRMED = (
        "submitted",
        "returned",
        "approved",
        "published",
        "confirmed",
    )
    ACTIONS = [
        (SUBMITTED, _("sent for review")),
        (RETURNED, _("returned to draft")),
        (APPROVED, _("approved")),
        (PUBLISHED, _("published")),
        (CONFIRMED, _("reviewed and kept as published")),
    ]

    record = models.ForeignKey(ProcessRecord, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=ACTIONS)
    revision = models.PositiveIntegerField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("approval event")
        verbose_name_plural = _("approval events")

    def __str__(self) -> str:
        return f"{self.record}: {self.action} r{self.revision}"


class Suggestion(models.Model):
    """A member's proposal to improve one step of a process, resolved by the process owner."""

    record = models.ForeignKey(ProcessRecord, on_delete=models.CASCADE, related_name="suggestions")
    step = models.CharField(max_length=100)  # node id in the published variant
    step_name = models.CharField(max_length=300)  # the step's name when the suggestion was made
    variant = models.CharField(max_length=100)
    text = models.TextField(_("suggestion"), max_length=4000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    response = models.TextField(_("answer"), blank=True, max_length=2000)

    class Meta:
        ordering = ["resolved_at", "-created_at", "-pk"]
        verbose_name = _("improvement suggestion")
        verbose_name_plural = _("improvement suggestions")

    def __str__(self) -> str:
        return self.text[:60]
