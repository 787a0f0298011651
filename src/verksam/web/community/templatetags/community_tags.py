"""Template filters for comments: escaped text with line breaks and highlighted @mentions."""

from __future__ import annotations

import re

from django import template
from django.utils.html import urlize
from django.utils.safestring import SafeString, mark_safe

from verksam.web.community.services import MENTION

register = template.Library()


@register.filter
def comment_body(text: str) -> SafeString:
    """The comment as HTML: everything escaped, web addresses as links, mentions wrapped, line
    breaks kept."""
    linked = urlize(text or "", nofollow=True, autoescape=True)
    # wrap mentions only in text between tags and outside links
    out, inside_link = [], False
    for part in re.split(r"(<[^>]+>)", linked):
        if part.startswith("<"):
            inside_link = part.startswith("<a ") or (inside_link and part != "</a>")
        elif not inside_link:
            part = MENTION.sub(lambda m: f'<span class="mention">@{m.group(1)}</span>', part)
        out.append(part)
    highlighted = "".join(out)
    paragraphs = [p.replace("\n", "<br>") for p in highlighted.split("\n\n") if p.strip()]
    return mark_safe("".join(f"<p>{p}</p>" for p in paragraphs))  # escaped above


@register.filter
def get_item(mapping: object, key: str) -> object:
    """mapping[key], or "" when there is no such key (for element labels)."""
    if isinstance(mapping, dict):
        return mapping.get(key, "")
    return ""
