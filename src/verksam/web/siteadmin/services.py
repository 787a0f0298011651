"""What the site administrator's actions do: organisations with their first owner, owners, and
learning-platform registrations, each written to the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from verksam.web.accounts.models import Invitation
from verksam.web.accounts.services import invite
from verksam.web.lti.admin import new_key_pair
from verksam.web.lti.models import Platform
from verksam.web.organisations.models import Membership, Organisation
from verksam.web.organisations.permissions import OWNER
from verksam.web.requests import SignedInRequest
from verksam.web.siteadmin.audit import record


def make_site_admin(user: User, actor: Any = None) -> None:
    user.is_superuser = True
    user.is_staff = True
    user.save(update_fields=["is_superuser", "is_staff"])
    record(actor, "site-admin-created", person=user.get_username())


def assign_owner(
    request: SignedInRequest, organisation: Organisation, owner: User | str
) -> Invitation | None:
    """Make an existing user owner (a member gets the owner role), or invite an address as owner.
    Returns the invitation when one was made."""
    if isinstance(owner, User):
        Membership.objects.update_or_create(
            organisation=organisation, user=owner, defaults={"role": OWNER}
        )
        record(request.user, "owner-assigned", organisation, person=owner.get_username())
        return None
    invitation = invite(request, organisation, OWNER, owner)
    record(request.user, "owner-invited", organisation)
    return invitation


@transaction.atomic
def create_organisation(
    request: SignedInRequest, organisation: Organisation, owner: User | str | None
) -> Invitation | None:
    organisation.save()
    record(request.user, "organisation-created", organisation)
    return assign_owner(request, organisation, owner) if owner is not None else None


def register_platform(request: SignedInRequest, platform: Platform, deployments: list[str]) -> None:
    platform.deployment_ids = deployments
    if not platform.tool_private_key:
        platform.tool_private_key, platform.tool_public_key = new_key_pair()
    platform.save()
    record(request.user, "platform-registered", platform=platform.name)


def remove_platform(request: SignedInRequest, platform: Platform) -> None:
    name = platform.name
    platform.delete()
    record(request.user, "platform-removed", platform=name)
