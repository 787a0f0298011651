"""Permissions as data: the permission names, the membership roles, and the set of permissions
each role grants. Who holds which role is answered by `principals` (it reads the memberships).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
