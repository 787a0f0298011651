"""`{% map_start organisation %}`: the "Map a process" form, for the home and organisation pages."""

from __future__ import annotations

from typing import Any

from django import template

from verksam.web.mapping.start import start_form

register = template.Library()


@register.inclusion_tag("mapping/_start_form.html")
def map_start(organisation: Any) -> dict[str, Any]:
    return {"organisation": organisation, "start_form": start_form(organisation)}
