"""Readers and writers: case files (YAML/JSON) and the interchange formats (BPMN, ArchiMate, logs, XLSX).

The case-file names below load `verksam.formats.casefile` (and with it the case model) on first
use, so a command that only reads event logs does not load pydantic, PyYAML and the model.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from verksam.formats.casefile import (
        CaseFileError,
        FileProblem,
        dump_case,
        load_case,
        loads_case,
        save_case,
    )

__all__ = ["CaseFileError", "FileProblem", "dump_case", "load_case", "loads_case", "save_case"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("verksam.formats.casefile"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
