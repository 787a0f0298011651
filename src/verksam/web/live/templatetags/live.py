"""`{% live_bar %}`: the live strip of a case page (status, who is here, the workshop panel)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.urls import reverse

from verksam.web.live.workshop import parked_of, state_of

register = template.Library()


@register.inclusion_tag("live/_bar.html", takes_context=True)
def live_bar(context: template.Context) -> dict[str, Any]:
    case = context["case"]
    organisation = context["organisation"]
    request = context["request"]
    kwargs = {"org": organisation.slug, "case": case.slug}
    state = state_of(case)
    ends = state["timer_ends_at"]
    # Context.get may answer None; these two are set by the case pages that include the bar
    perms_here: Any = context.get("perms_here", ())
    page: Any = context.get("page")
    return {
        "case": case,
        "organisation": organisation,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "can_edit": "edit" in perms_here,
        "socket": f"/ws/o/{organisation.slug}/cases/{case.slug}/",
        "prefix": reverse("cases:detail", kwargs=kwargs),
        "workshop": state,
        "timer_ends": datetime.fromisoformat(ends) if ends else None,
        "parked": parked_of(case),
        "here": request.get_full_path(),
        "screen_url": reverse("live:screen", kwargs={**kwargs, "view": page.slug})
        if getattr(page, "slug", None)
        else reverse("live:screen", kwargs={**kwargs, "view": "processes"}),
    }
