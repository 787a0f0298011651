"""Template helpers for case pages."""

from __future__ import annotations

from typing import Any

from django import template

from verksam.web.cases.pages import PAGES, ViewPage
from verksam.web.cases.views import operation_text as _operation_text

register = template.Library()


@register.filter
def operation_text(operation: dict[str, Any]) -> str:
    return _operation_text(operation)


@register.filter
def revision_text(revision: Any) -> str:
    """What a revision did, naming the element it changed by name."""
    return _operation_text(revision.operation, revision.document)


@register.simple_tag
def case_view_pages() -> list[ViewPage]:
    return PAGES
