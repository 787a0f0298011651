"""Why a process variant cannot be analysed, in the user's language with the elements' names."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from verksam.analysis.graph import MESSAGES, AnalysisError
from verksam.web.words.places import names_of


def analysis_error_words(error: AnalysisError, document: dict[str, Any]) -> str:
    """The error's message from its code and parameters, ids replaced by names."""
    if error.code not in MESSAGES:
        return str(error)
    names = names_of(document)

    def named(value: Any) -> Any:
        if isinstance(value, str):
            return names.get(value, value)
        if isinstance(value, list):
            return ", ".join(f"“{names.get(v, v)}”" for v in value)
        return value

    try:
        return _(MESSAGES[error.code]).format(**{k: named(v) for k, v in error.params.items()})
    except (KeyError, IndexError, ValueError):
        return str(error)
