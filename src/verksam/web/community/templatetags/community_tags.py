"""Template filters for comments: escaped text with line breaks and highlighted @mentions."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from verksam.web.community.services import MENTION

register = template.Library()


@register.filter
def comment_body(text: str) -> SafeString:
    """The comment as HTML: everything escaped, mentions wrapped, line breaks kept."""
    escaped = escape(text or "")
    highlighted = MENTION.sub(lambda m: f'<span class="mention">@{m.group(1)}</span>', escaped)
    paragraphs = [p.replace("\n", "<br>") for p in highlighted.split("\n\n") if p.strip()]
    return mark_safe("".join(f"<p>{p}</p>" for p in paragraphs))  # escaped above


@register.filter
def get_item(mapping: object, key: str) -> object:
    """mapping[key], or "" when there is no such key (for element labels)."""
    if isinstance(mapping, dict):
        return mapping.get(key, "")
    return ""
