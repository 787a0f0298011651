"""The course page's panel of requests to link a learning-platform course (for facilitators)."""

from __future__ import annotations

from typing import Any

from django import template

from verksam.web.courses.models import Course
from verksam.web.lti.links import pending_requests

register = template.Library()


@register.inclusion_tag("lti/_link_requests.html", takes_context=True)
def lti_link_requests(context: dict[str, Any], course: Course) -> dict[str, Any]:
    return {
        "course": course,
        "requests": pending_requests(course),
        "csrf_token": context.get("csrf_token"),
    }
