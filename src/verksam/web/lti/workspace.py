"""Where a learner from a learning platform works: a personal workspace organisation when they
belong to none, and — on their first launch — a case of their own attached to the course, so that
they land in their course ready to work instead of at "no case you may edit"."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from verksam.model.commands import starter_case
from verksam.web.cases.models import Case
from verksam.web.cases.services import create_case
from verksam.web.courses.models import CourseMember
from verksam.web.courses.services import attach_case, attachable_cases
from verksam.web.organisations.models import Membership, Organisation
from verksam.web.organisations.permissions import OWNER


def ensure_workspace(user: User, language: str) -> Organisation | None:
    """A personal organisation (the user its owner) for a user who belongs to none; None when the
    user already belongs to an organisation."""
    if Membership.objects.filter(user=user).exists():
        return None
    name = user.get_full_name() or user.get_username()
    slug = "ws-" + hashlib.sha256(f"workspace:{user.pk}".encode()).hexdigest()[:10]
    organisation, _created = Organisation.objects.get_or_create(
        slug=slug,
        defaults={
            "name": _("%(name)s's workspace") % {"name": name},
            "kind": Organisation.COMPANY,
            "country": "NO" if language == "nb" else "SE",
        },
    )
    Membership.objects.get_or_create(organisation=organisation, user=user, defaults={"role": OWNER})
    return organisation


@transaction.atomic
def prepare_learner(member: CourseMember, language: str) -> Case | None:
    """On a learner's launch without an attached case: a learner who has no case they may edit
    gets a workspace (when needed) and a new starter case named after the course, attached.
    Returns that new case; None when the learner has cases to choose from (or one attached)."""
    if member.case_id is not None:
        return None
    user = member.user
    ensure_workspace(user, language)
    if any(cases for _org, cases in attachable_cases(user)):
        return None
    organisation = (
        Membership.objects.filter(user=user, role=OWNER).select_related("organisation").first()
    )
    if organisation is None:
        return None  # a viewer or editor elsewhere without cases: they choose on the attach page
    country = organisation.organisation.country
    case = create_case(
        organisation.organisation,
        user,
        starter_case(member.course.title[:150], country),
        how="starter",
    )
    return attach_case(member, user, case.pk)
