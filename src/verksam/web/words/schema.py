"""Why an edited case does not fit the case model, in words of the current language.

Pydantic's messages are English and name the place as a path ("processes.0.variants.0.nodes.1.
touch_minutes: Input should be greater than or equal to 0"); people read "step “Check” › touch
time: must be at least 0".
"""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from pydantic import ValidationError

from verksam.web.words.places import place

# The model's own refusals (its validators raise ValueError with these English texts).
_MODEL_TEXTS = {
    "write opening hours as a local time such as '08:00', without a zone": lambda: _(
        "write the time as a local time such as 08:00"
    ),
}


def _number(value: Any) -> str:
    return (
        str(number_format(value, use_l10n=True)) if isinstance(value, int | float) else str(value)
    )


def message(error: Any) -> str:
    """One pydantic error (an item of `ValidationError.errors()`) as a short sentence part."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "greater_than_equal":
        return _("must be at least %(n)s") % {"n": _number(ctx.get("ge"))}
    if kind == "greater_than":
        return _("must be more than %(n)s") % {"n": _number(ctx.get("gt"))}
    if kind == "less_than_equal":
        return _("must be at most %(n)s") % {"n": _number(ctx.get("le"))}
    if kind == "less_than":
        return _("must be less than %(n)s") % {"n": _number(ctx.get("lt"))}
    if kind in ("int_from_float", "int_parsing_size"):
        return _("must be a whole number")
    if kind.startswith(("float_", "int_", "decimal_")) or kind == "finite_number":
        return _("must be a number")
    if kind == "string_too_short":
        return _("must not be empty")
    if kind == "string_too_long":
        return _("may have at most %(n)s characters") % {"n": ctx.get("max_length")}
    if kind.startswith("string_") or kind == "str_type":
        return _("must be text")
    if kind.startswith("bool_"):
        return _("must be yes or no")
    if kind.startswith("date"):
        return _("must be a date such as 2026-03-31")
    if kind.startswith("time"):
        return _("must be a time such as 08:00")
    if kind in ("literal_error", "enum"):
        return _("must be one of: %(choices)s") % {"choices": ctx.get("expected", "")}
    if kind == "missing":
        return _("is missing")
    if kind == "extra_forbidden":
        return _("is not something the case can hold")
    if kind.startswith(("list_", "dict_", "model_")) or kind.endswith("_type"):
        return _("has the wrong form")
    if kind == "value_error":
        text = str(ctx.get("error", ""))
        known = _MODEL_TEXTS.get(text)
        return known() if known else text
    return str(error.get("msg", ""))


def problems(exc: ValidationError, document: dict[str, Any]) -> list[str]:
    """Each problem as "where: what", the place named by element names, not ids or paths."""
    lines = []
    for error in exc.errors():
        path = "".join(
            f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.get("loc", ())
        ).lstrip(".")
        where = place(document, path) if path else ""
        lines.append(f"{where or _('the case')}: {message(error)}")
    return lines
