"""Fixed values of the case model (Literal choices such as `high`, `manage-closely`) in words."""

from __future__ import annotations

from verksam.web.cases.choices import CHOICE_LABELS


def value_words(value: object) -> str:
    """The translated label of a fixed value; other values (names, numbers) as they are."""
    if value is None:
        return ""
    if isinstance(value, str):
        return str(CHOICE_LABELS.get(value, value))
    return str(value)
