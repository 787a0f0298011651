"""Permissions as data: each role grants a set of permission names, and every principal answers
`has_permission(organisation, permission)` the same way (a signed-in user or an API token).

A *principal* is whoever makes a request: a session user or an API token (a token acts for its
user in one organisation, never more than the user may do there).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from verksam.web.organisations.models import Organisation

VIEW = "view"  # see the organisation, its members and its cases
EDIT = "edit"  # create, change, import, delete and restore cases; start jobs
MANAGE = "manage"  # invite and remove members, change roles, manage the organisation

PERMISSIONS = {
    VIEW: _("See the organisation's cases"),
    EDIT: _("Change cases and start jobs"),
    MANAGE: _("Manage members and invitations"),
}

OWNER, EDITOR, VIEWER = "owner", "editor", "viewer"
ROLES = [
    (OWNER, pgettext_lazy("membership role", "Owner")),
    (EDITOR, pgettext_lazy("membership role", "Editor")),
    (VIEWER, pgettext_lazy("membership role", "Viewer")),
]
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    OWNER: frozenset({VIEW, EDIT, MANAGE}),
    EDITOR: frozenset({VIEW, EDIT}),
    VIEWER: frozenset({VIEW}),
}
NONE: frozenset[str] = frozenset()


class Principal(Protocol):
    def permissions(self, organisation: Organisation) -> frozenset[str]: ...

    def has_permission(self, organisation: Organisation, permission: str) -> bool: ...


def role_of(user: AbstractBaseUser | AnonymousUser, organisation: Organisation) -> str | None:
    if not user.is_authenticated:
        return None
    from verksam.web.organisations.models import Membership

    membership = (
        Membership.objects.filter(organisation=organisation, user=user).only("role").first()
    )
    return membership.role if membership else None


class UserPrincipal:
    """A signed-in (or anonymous) session user."""

    def __init__(self, user: AbstractBaseUser | AnonymousUser) -> None:
        self.user = user

    def permissions(self, organisation: Organisation) -> frozenset[str]:
        role = role_of(self.user, organisation)
        return ROLE_PERMISSIONS.get(role, NONE) if role else NONE

    def has_permission(self, organisation: Organisation, permission: str) -> bool:
        return permission in self.permissions(organisation)
