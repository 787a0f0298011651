"""The course page's learning-platform panel (for facilitators): the bound platform course, the
roster and gradebook buttons, and requests to link a platform course."""

from __future__ import annotations

from typing import Any

from django import template

from verksam.web.courses.models import Course
from verksam.web.lti.links import pending_requests
from verksam.web.lti.models import LtiContext

register = template.Library()


@register.inclusion_tag("lti/_course_panel.html", takes_context=True)
def lti_course_panel(context: dict[str, Any], course: Course) -> dict[str, Any]:
    return {
        "course": course,
        "requests": pending_requests(course),
        "binding": LtiContext.objects.filter(course=course).select_related("platform").first(),
        "csrf_token": context.get("csrf_token"),
    }
