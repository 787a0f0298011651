"""Readers and writers: case files (YAML/JSON) and the interchange formats (BPMN, ArchiMate, logs, XLSX)."""

from verksam.formats.casefile import (
    CaseFileError,
    FileProblem,
    dump_case,
    load_case,
    loads_case,
    save_case,
)

__all__ = ["CaseFileError", "FileProblem", "dump_case", "load_case", "loads_case", "save_case"]
