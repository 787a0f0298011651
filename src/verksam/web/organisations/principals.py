"""Principals: whoever makes a request, a session user or an API token, answers
`has_permission(organisation, permission)` the same way (a token acts for its user in one
organisation, never more than the user may do there).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from verksam.web.organisations.models import Membership, Organisation
from verksam.web.organisations.permissions import NONE, ROLE_PERMISSIONS

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


class Principal(Protocol):
    def permissions(self, organisation: Organisation) -> frozenset[str]: ...

    def has_permission(self, organisation: Organisation, permission: str) -> bool: ...


def role_of(user: User | AnonymousUser, organisation: Organisation) -> str | None:
    if not user.is_authenticated:
        return None
    membership = (
        Membership.objects.filter(organisation=organisation, user=user).only("role").first()
    )
    return membership.role if membership else None


class UserPrincipal:
    """A signed-in (or anonymous) session user."""

    def __init__(self, user: User | AnonymousUser) -> None:
        self.user = user

    def permissions(self, organisation: Organisation) -> frozenset[str]:
        role = role_of(self.user, organisation)
        return ROLE_PERMISSIONS.get(role, NONE) if role else NONE

    def has_permission(self, organisation: Organisation, permission: str) -> bool:
        return permission in self.permissions(organisation)
