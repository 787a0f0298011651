"""Process ownership and approval: the status steps, the approval history, suggestions on steps and
the reminders of due reviews. Views call these; every record is reached through a case the caller
already reached with verksam.web.cases.access.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from verksam.model import Case as CaseModel
from verksam.model import Process
from verksam.web.approval.models import ApprovalEvent, ProcessRecord, Suggestion
from verksam.web.cases.access import access_revision
from verksam.web.cases.models import Case
from verksam.web.community.models import Notification
from verksam.web.organisations.models import Organisation
from verksam.web.organisations.permissions import MANAGE

R = ProcessRecord


class ApprovalError(ValueError):
    """A step that is not possible now; the message says why and what to do, in the user's words."""


def process_in(document: dict[str, object], process_id: str) -> Process | None:
    """The process with this id in a case document, or None."""
    model = CaseModel.model_validate(document)
    return next((p for p in model.processes if p.id == process_id), None)


def record_for(case: Case, process_id: str) -> ProcessRecord:
    """The approval record of a process of the case (made on first use). Raises Http404 when the
    case has no such process and never had a record for it."""
    record = case.process_records.filter(process=process_id).select_related("owner").first()
    if record is not None:
        return record
    if process_in(case.document, process_id) is None:
        raise Http404("No such process")
    record, _created = ProcessRecord.objects.get_or_create(case=case, process=process_id)
    return record


def records_of_case(case: Case) -> list[tuple[str, str, ProcessRecord | None]]:
    """(process id, name, record or None) for every process in the case document."""
    model = CaseModel.model_validate(case.document)
    known = {r.process: r for r in case.process_records.select_related("owner")}
    return [(p.id, p.label, known.get(p.id)) for p in model.processes]


def records_of(organisation: Organisation) -> QuerySet[ProcessRecord]:
    """The approval records of the organisation's cases (not in the trash)."""
    return (
        ProcessRecord.objects.filter(case__organisation=organisation, case__deleted_at__isnull=True)
        .select_related("case", "owner")
        .order_by("case__name", "process")
    )


def may_decide(record: ProcessRecord, user: User, permissions: frozenset[str]) -> bool:
    """The process owner decides on approval; the organisation's managers may stand in."""
    return (record.owner_id is not None and record.owner_id == user.pk) or MANAGE in permissions


def _event(record: ProcessRecord, action: str, revision: int, user: User, comment: str) -> None:
    ApprovalEvent.objects.create(
        record=record, action=action, revision=revision, actor=user, comment=comment
    )


@transaction.atomic
def set_owner(record: ProcessRecord, owner: User | None, review_date: dt.date | None) -> None:
    record.owner = owner
    record.review_date = review_date
    if record.status == R.DUE and review_date is not None and review_date > timezone.localdate():
        record.status = R.PUBLISHED
    record.save(update_fields=["owner", "review_date", "status"])


@transaction.atomic
def submit(record: ProcessRecord, user: User, comment: str) -> None:
    """Send the case's current revision of the process for review by its owner."""
    if record.status in (R.IN_REVIEW, R.APPROVED):
        raise ApprovalError(_("The process is already waiting for a decision."))
    if record.owner is None:
        raise ApprovalError(_("Choose a process owner first: the owner approves the process."))
    record.status = R.IN_REVIEW
    record.review_revision = record.case.revision
    record.save(update_fields=["status", "review_revision"])
    _event(record, ApprovalEvent.SUBMITTED, record.case.revision, user, comment)


def _decide(record: ProcessRecord, user: User, permissions: frozenset[str]) -> None:
    if not may_decide(record, user, permissions):
        raise ApprovalError(_("Only the process owner can decide on approval."))


@transaction.atomic
def approve(record: ProcessRecord, user: User, permissions: frozenset[str], comment: str) -> None:
    """Approve the revision that was sent for review (not whatever the draft is now)."""
    _decide(record, user, permissions)
    if record.status != R.IN_REVIEW or record.review_revision is None:
        raise ApprovalError(_("Only a process sent for review can be approved."))
    record.status = R.APPROVED
    record.approved_revision = record.review_revision
    record.save(update_fields=["status", "approved_revision"])
    _event(record, ApprovalEvent.APPROVED, record.review_revision, user, comment)


@transaction.atomic
def return_to_draft(
    record: ProcessRecord, user: User, permissions: frozenset[str], comment: str
) -> None:
    _decide(record, user, permissions)
    if record.status not in (R.IN_REVIEW, R.APPROVED):
        raise ApprovalError(_("Only a process waiting for a decision can be returned."))
    if not comment.strip():
        raise ApprovalError(_("Say what should change before the process can be approved."))
    revision = record.review_revision or record.case.revision
    record.status = R.DRAFT
    record.save(update_fields=["status"])
    _event(record, ApprovalEvent.RETURNED, revision, user, comment)


@transaction.atomic
def publish(
    record: ProcessRecord,
    user: User,
    permissions: frozenset[str],
    comment: str,
    review_date: dt.date | None,
) -> None:
    """Publish the approved revision for every member, with the date of its next review."""
    _decide(record, user, permissions)
    if record.status != R.APPROVED or record.approved_revision is None:
        raise ApprovalError(_("Approve the process before publishing it."))
    record.published_revision = record.approved_revision
    _publish_until(record, user, comment, review_date, ApprovalEvent.PUBLISHED)


@transaction.atomic
def confirm(
    record: ProcessRecord,
    user: User,
    permissions: frozenset[str],
    comment: str,
    review_date: dt.date | None,
) -> None:
    """A review that keeps the published revision as it is, until the next review date."""
    _decide(record, user, permissions)
    if record.status != R.DUE or record.published_revision is None:
        raise ApprovalError(_("Only a published process due for review can be confirmed."))
    _publish_until(record, user, comment, review_date, ApprovalEvent.CONFIRMED)


def _publish_until(
    record: ProcessRecord, user: User, comment: str, review_date: dt.date | None, action: str
) -> None:
    """Published (again) until the next review date, which must be after today."""
    if review_date is None or review_date <= timezone.localdate():
        raise ApprovalError(_("Give the date of the next review, after today."))
    assert record.published_revision is not None
    record.status = R.PUBLISHED
    record.review_date = review_date
    record.reminded_for = None
    record.save(update_fields=["status", "published_revision", "review_date", "reminded_for"])
    _event(record, action, record.published_revision, user, comment)


def published_document(record: ProcessRecord) -> dict[str, object] | None:
    """The case document of the published revision, or None before the first publication."""
    if record.published_revision is None:
        return None
    document: dict[str, object] = access_revision(record.case, record.published_revision).document
    return document


def process_url(record: ProcessRecord, name: str = "approval:process") -> str:
    case = record.case
    return reverse(
        name, kwargs={"org": case.organisation.slug, "case": case.slug, "process": record.process}
    )


def _subject(record: ProcessRecord) -> str:
    process = process_in(record.case.document, record.process)
    name = process.label if process is not None else record.process
    return f"“{name}” ({record.case.name})"[:300]


@transaction.atomic
def suggest(
    record: ProcessRecord, user: User, variant: str, step: str, step_name: str, text: str
) -> Suggestion:
    """Record a suggestion on a step of the published process and tell the owner."""
    suggestion = Suggestion.objects.create(
        record=record, variant=variant, step=step, step_name=step_name, text=text, author=user
    )
    if record.owner is not None and record.owner_id != user.pk:
        Notification.objects.create(
            recipient=record.owner,
            actor=user,
            kind=Notification.SUGGESTION,
            subject=_subject(record),
            url=process_url(record) + "#suggestions",
        )
    return suggestion


@transaction.atomic
def resolve(suggestion: Suggestion, user: User, permissions: frozenset[str], response: str) -> None:
    _decide(suggestion.record, user, permissions)
    suggestion.resolved_at = timezone.now()
    suggestion.resolved_by = user
    suggestion.response = response
    suggestion.save(update_fields=["resolved_at", "resolved_by", "response"])


def remind_due_reviews(user: User, today: dt.date | None = None) -> int:
    """Mark the user's published processes whose review date has come as due for review, with one
    notification per due date. Returns how many reminders were made."""
    today = today or timezone.localdate()
    due = list(
        ProcessRecord.objects.filter(
            owner=user,
            status__in=[R.PUBLISHED, R.DUE],
            review_date__lte=today,
            case__deleted_at__isnull=True,
        )
        .exclude(reminded_for=F("review_date"))
        .select_related("case__organisation")
    )
    for record in due:
        with transaction.atomic():
            record.status = R.DUE
            record.reminded_for = record.review_date
            record.save(update_fields=["status", "reminded_for"])
            Notification.objects.create(
                recipient=user,
                actor=None,
                kind=Notification.REVIEW,
                subject=_subject(record),
                url=process_url(record),
            )
    return len(due)
