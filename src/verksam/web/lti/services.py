"""LTI Advantage services towards the platform a course is bound to: remembering the service
endpoints a launch announces, Assignment and Grade Services (each participant's course progress
to the gradebook) and Names and Role Provisioning (the roster: enrolments from the platform)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException, LtiServiceException
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem
from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.service_connector import ServiceConnector
from requests import RequestException

from verksam.web.courses.models import FACILITATOR, PARTICIPANT, Course
from verksam.web.courses.services import progress
from verksam.web.lti.accounts import lti_user
from verksam.web.lti.links import enrol
from verksam.web.lti.models import LtiContext, LtiUser
from verksam.web.lti.tool import registration_of
from verksam.web.lti.workspace import ensure_workspace

AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
INSTRUCTOR_ROLES = ("Instructor", "Administrator", "ContentDeveloper", "TeachingAssistant")


class ServiceError(Exception):
    """The platform's service could not be reached or refused; the message says which."""


def remember_endpoints(binding: LtiContext, data: dict[str, Any]) -> None:
    """Keep the AGS and NRPS endpoints the launch announces (the platform may change them)."""
    ags, nrps = data.get(AGS_CLAIM), data.get(NRPS_CLAIM)
    changed = []
    if ags and ags != binding.ags_endpoint:
        binding.ags_endpoint = ags
        changed.append("ags_endpoint")
    if nrps and nrps != binding.nrps_endpoint:
        binding.nrps_endpoint = nrps
        changed.append("nrps_endpoint")
    if changed:
        binding.save(update_fields=changed)


def _connector(binding: LtiContext) -> ServiceConnector:
    return ServiceConnector(registration_of(binding.platform))


@dataclass
class GradeReport:
    sent: int
    without_account: int  # participants who never came through the platform


def send_progress(binding: LtiContext, reader: User) -> GradeReport:
    """Post every participant's progress (modules done of all modules) to the gradebook. Progress
    is read as `reader` (a facilitator) through the course's read grant."""
    endpoint = binding.ags_endpoint or {}
    if SCORE_SCOPE not in endpoint.get("scope", []):
        raise ServiceError("no-ags")
    course = binding.course
    modules = course.modules.count()
    if modules == 0:
        raise ServiceError("no-modules")
    service = AssignmentsGradesService(_connector(binding), cast(Any, endpoint))
    subjects = dict(
        LtiUser.objects.filter(platform=binding.platform).values_list("user_id", "subject")
    )
    report = GradeReport(0, 0)
    try:
        line = None
        if not endpoint.get("lineitem"):
            wanted = LineItem()
            wanted.set_tag(f"verksam-progress-{course.pk}").set_label(
                f"Verksam: {course.title}"[:100]
            ).set_score_maximum(modules).set_resource_id(f"verksam-course-{course.pk}")
            line = service.find_or_create_lineitem(wanted)
        now = timezone.now().isoformat()
        for row in progress(course, reader):
            subject = subjects.get(row.member.user_id)
            if subject is None:
                report.without_account += 1
                continue
            grade = Grade()
            grade.set_score_given(row.done).set_score_maximum(modules).set_user_id(
                subject
            ).set_timestamp(now).set_activity_progress(
                "Completed" if row.done == modules else "InProgress"
            ).set_grading_progress("FullyGraded" if row.done == modules else "Pending")
            service.put_grade(grade, line)
            report.sent += 1
    except (LtiException, LtiServiceException, RequestException) as exc:
        raise ServiceError(exc.__class__.__name__) from None
    binding.grades_sent_at = timezone.now()
    binding.save(update_fields=["grades_sent_at"])
    return report


@dataclass
class RosterReport:
    enrolled: int
    facilitators: int
    left: int


def _is_instructor(roles: list[str]) -> bool:
    # context roles only (full URI or the short form): institution roles grant nothing here
    return any(r.rsplit("#", 1)[-1] in INSTRUCTOR_ROLES and "/institution/" not in r for r in roles)


@transaction.atomic
def sync_roster(binding: LtiContext, language: str) -> RosterReport:
    """Enrol the platform course's members: teachers as facilitators, learners as participants
    (each with a workspace organisation when they have none); members the platform lists as
    inactive or deleted leave the course."""
    endpoint = binding.nrps_endpoint or {}
    if not endpoint.get("context_memberships_url"):
        raise ServiceError("no-nrps")
    service = NamesRolesProvisioningService(_connector(binding), cast(Any, endpoint))
    try:
        members = service.get_members()
    except (LtiException, LtiServiceException, RequestException) as exc:
        raise ServiceError(exc.__class__.__name__) from None
    course: Course = binding.course
    report = RosterReport(0, 0, 0)
    for entry in members:
        if not entry.get("user_id"):
            continue
        user = lti_user(binding.platform, dict(entry) | {"sub": entry["user_id"]})
        if entry.get("status", "Active") != "Active":
            report.left += course.members.filter(user=user, left_at__isnull=True).update(
                left_at=timezone.now()
            )
            continue
        teacher = _is_instructor([str(r) for r in entry.get("roles", [])])
        known = course.members.filter(user=user, left_at__isnull=True).exists()
        enrol(course, user, FACILITATOR if teacher else PARTICIPANT)
        if teacher:
            report.facilitators += not known
        else:
            ensure_workspace(user, language)
            report.enrolled += not known
    binding.roster_synced_at = timezone.now()
    binding.save(update_fields=["roster_synced_at"])
    return report
