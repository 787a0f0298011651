"""Template context: the current organisation, the user's permissions there, and demo mode."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from verksam.web.organisations.permissions import NONE


def organisation(request: HttpRequest) -> dict[str, object]:
    return {
        "organisation": getattr(request, "organisation", None),
        "perms_here": getattr(request, "permissions", NONE),
        "demo_mode": settings.VERKSAM_DEMO,
    }
