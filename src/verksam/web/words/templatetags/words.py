"""Template filters that put fixed values of the case model into words (`high` → “hög”)."""

from __future__ import annotations

from django import template

from verksam.web.words.values import value_words

register = template.Library()


@register.filter
def in_words(value: object) -> str:
    """A fixed value of the case model (level, attitude, strategy, kind...) in the user's language."""
    return value_words(value)
