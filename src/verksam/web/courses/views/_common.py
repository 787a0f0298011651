"""Helpers shared by the course pages: the URL of a course page, a course's module by id and
the base URL for links in notification mails."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse

from verksam.web.courses.models import Course, Module


def _course_url(course: Course, name: str = "courses:detail", **extra: Any) -> str:
    return reverse(name, kwargs={"course": course.pk, **extra})


def _module(course: Course, module_id: int) -> Module:
    found = course.modules.filter(pk=module_id).first()
    if found is None:
        raise Http404("No such module")
    return found


def _base_url(request: HttpRequest) -> str:
    """Scheme and host of this request, for absolute links in notification mails."""
    return request.build_absolute_uri("/").rstrip("/")
