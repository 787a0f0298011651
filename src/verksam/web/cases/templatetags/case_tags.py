"""Template helpers for case pages."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from verksam.web.cases.grid_html import cell_html
from verksam.web.cases.pages import PAGES, Item, ViewPage
from verksam.web.cases.views import operation_text as _operation_text

register = template.Library()


@register.filter
def operation_text(operation: dict[str, Any]) -> str:
    return _operation_text(operation)


@register.filter
def revision_text(revision: Any) -> str:
    """What a revision did, naming the element it changed by name."""
    return _operation_text(revision.operation, revision.document)


@register.simple_tag(takes_context=True)
def record_cell(context: template.Context, cell: Any, record: Any) -> SafeString:
    """A record's field, as the tables' fields are made (verksam.web.cases.grid_html)."""
    html = cell_html(
        cell, record.path, ("record", record.key), context["editor_url"], context["can_edit"]
    )
    return mark_safe(html)  # escaped by cell_html


@register.simple_tag
def case_view_pages() -> list[ViewPage]:
    return PAGES


@register.simple_tag(takes_context=True)
def case_nav(context: template.Context) -> SafeString:
    """The case's page links (cases/_nav_links.html), made once per place they are shown from:
    every page of a case shows them, and their dozen links took longer than the rest of the page
    around the workspace."""
    request = context["request"]
    match = request.resolver_match
    page = context.get("page")
    return _nav(
        context["organisation"].slug, context["case"].slug, bool(page), getattr(page, "slug", None),
        bool(context.get("history")), match.namespace if match else "",
        match.url_name if match else "", translation.get_language(),
    )  # fmt: skip


@lru_cache(maxsize=1024)
def _nav(
    organisation: str, case: str, has_page: bool, page: str | None, history: bool,
    namespace: str, url_name: str, language: str,
) -> SafeString:  # fmt: skip
    """The links' HTML from all it depends on (escaped by the template; safe to put in)."""
    with translation.override(language):
        return mark_safe(render_to_string(
            "cases/_nav_links.html",
            {
                "organisation": {"slug": organisation}, "case": {"slug": case},
                "page": {"slug": page} if has_page else None, "history": history,
                "here": {"namespace": namespace, "url_name": url_name},
            },
        ))  # fmt: skip


@register.simple_tag
def outline_list(items: list[Item]) -> SafeString:
    """The text alternative of a view as nested lists. Built here rather than by an included
    template calling itself: a large process has hundreds of entries, on every edit."""
    return mark_safe(_outline(items))


def _outline(items: list[Item]) -> str:
    out = ["<ul>"]
    for item in items:
        facts = (
            f' <span class="facts">– {escape("; ".join(item.facts))}</span>' if item.facts else ""
        )
        children = _outline(item.children) if item.children else ""
        out.append(f"\n  <li><strong>{escape(item.label)}</strong>{facts}{children}</li>")
    out.append("\n</ul>")
    return "".join(out)


@register.simple_tag
def choice_options(choices: list[tuple[str, str]], values: bool = True) -> SafeString:
    """`<option>`s of (value, label) pairs; without `values`, for a datalist, whose options offer
    their labels (a list of a hundred steps is built here, not by the template engine)."""
    return mark_safe(_options(tuple(choices), values))


@lru_cache(maxsize=256)  # the same steps are offered again after every edit of a time
def _options(choices: tuple[tuple[str, str], ...], values: bool) -> str:
    if values:
        return "".join(
            f'<option value="{escape(v)}">{escape(label)}</option>' for v, label in choices
        )
    return "".join(f'<option value="{escape(label)}"></option>' for _v, label in choices)
