"""Writing the audit trail (see models.AuditEntry); every site-administration action calls record."""

from __future__ import annotations

from typing import Any

from verksam.web.organisations.models import Organisation
from verksam.web.siteadmin.models import ACTIONS, AuditEntry


def record(
    actor: Any, action: str, organisation: Organisation | None = None, **details: str
) -> AuditEntry:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if organisation is not None:
        details.setdefault("organisation", organisation.name)
    signed_in = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if signed_in else None,
        actor_name=actor.get_username() if signed_in else "",
        action=action,
        organisation=organisation,
        details=details,
    )
