"""`{% live_bar %}`: the live strip of a case page (status, who is here, the workshop panel)."""

from __future__ import annotations

import re
import threading
from datetime import datetime
from typing import Any

from cachetools import LRUCache, cached
from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

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


# Put into a kept bar per answer: the revision changes with every edit, the token per visitor.
REVISION_SLOT = "revision-slot-of-the-kept-bar"
CSRF_SLOT = "csrf-slot-of-the-kept-bar"


@register.simple_tag(takes_context=True)
def live_bar(context: template.Context) -> SafeString:
    """The live strip (live/_bar.html), made once for what it shows and kept: every page of a
    case has it, and its template took a sixth of the time of a case page."""
    request = context["request"]
    # Context.get may answer None; perms_here is set by the pages that include the bar
    perms_here: Any = context.get("perms_here", ())
    case = context["case"]
    bar = bar_context(
        request, case, context["organisation"], "edit" in perms_here, request.get_full_path()
    )
    leader = bar["workshop"]["leader"]
    # what the strip shows (its links follow from the organisation, the case and `here`)
    shows = (
        bar["socket"], bar["here"], bar["can_edit"], case.slug, context["organisation"].slug,
        repr(bar["workshop"]), leader is not None and leader["id"] == request.user.pk,
        tuple((q.pk, q.text, q.answered_at, q.author and q.author.get_full_name(),
               q.author and q.author.get_username()) for q in bar["parked"]),
        translation.get_language(), timezone.get_current_timezone_name(),
    )  # fmt: skip
    html = _kept_bar(shows, {**bar, "case": {"slug": case.slug, "revision": REVISION_SLOT}})
    token = str(context.get("csrf_token") or "")
    return mark_safe(html.replace(REVISION_SLOT, str(case.revision)).replace(CSRF_SLOT, token))


@cached(LRUCache(maxsize=256), key=lambda shows, bar: shows, lock=threading.Lock())
def _kept_bar(shows: tuple[Any, ...], bar: dict[str, Any]) -> str:
    """The strip's HTML with slots, once per `shows`."""
    return render_to_string("live/_bar.html", {**bar, "csrf_token": CSRF_SLOT})
