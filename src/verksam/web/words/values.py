"""Fixed values of the case model (`high`, `manage-closely`) and role names, in words."""

from __future__ import annotations

from typing import Any

from verksam.web.cases.choices import CHOICE_LABELS


def value_words(value: object) -> str:
    """The translated label of a fixed value; other values (names, numbers) as they are."""
    if value is None:
        return ""
    if isinstance(value, str):
        return str(CHOICE_LABELS.get(value, value))
    return str(value)


def role_names(model: Any) -> dict[str, str]:
    """Role id → name, with the analysis' bucket for work in no role named in words."""
    from django.utils.translation import gettext as _

    from verksam.analysis.metrics import UNASSIGNED

    names = {r.id: r.label for r in model.structure.roles} if model.structure else {}
    return {**names, UNASSIGNED: _("(no role given)")}
