"""`{% live_bar %}`: the live strip of a case page (status, who is here, the workshop panel)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse

from verksam.web.live.workshop import parked_of, state_of

register = template.Library()


def bar_context(
    request: Any, case: Any, organisation: Any, can_edit: bool, here: str
) -> dict[str, Any]:
    """What the live strip and its workshop panel show; `here` is the page they are on."""
    kwargs = {"org": organisation.slug, "case": case.slug}
    state = state_of(case)
    ends = state["timer_ends_at"]
    view = re.search(r"/(?:views|live/screen)/([a-z0-9-]+)/", here)
    return {
        "case": case,
        "organisation": organisation,
        "request": request,
        "can_edit": can_edit,
        "socket": f"/ws/o/{organisation.slug}/cases/{case.slug}/" if settings.LIVE_UPDATES else "",
        "prefix": reverse("cases:detail", kwargs=kwargs),
        "workshop": state,
        "timer_ends": datetime.fromisoformat(ends) if ends else None,
        "parked": parked_of(case),
        "here": here,
        "screen_url": reverse(
            "live:screen", kwargs={**kwargs, "view": view.group(1) if view else "processes"}
        ),
    }


@register.inclusion_tag("live/_bar.html", takes_context=True)
def live_bar(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    # Context.get may answer None; perms_here is set by the pages that include the bar
    perms_here: Any = context.get("perms_here", ())
    return {
        **bar_context(
            request, context["case"], context["organisation"],
            "edit" in perms_here, request.get_full_path(),
        ),
        "csrf_token": context.get("csrf_token"),
    }  # fmt: skip
