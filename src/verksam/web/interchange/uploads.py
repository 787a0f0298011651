"""Which importer an uploaded file goes to, by its name and the namespace it declares.

The same importers as `verksam import`: case files, BPMN 2.0, ArchiMate exchange files, Visio
.vsdx and step lists (.xlsx, .csv...). Every importer raises its own error naming the place of a
problem; nothing is saved then.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from verksam.formats.bpmn_xml import BPMN, InterchangeError, Note
from verksam.formats.casefile import Format, loads_case
from verksam.formats.steps_import import STEP_LIST_SUFFIXES
from verksam.limits import Limits
from verksam.model import Case
from verksam.model.steps import EventNames

CASE_FILES = (".yaml", ".yml", ".json")
INTERCHANGE = (".bpmn", ".xml", ".vsdx")
ACCEPTED = CASE_FILES + INTERCHANGE + STEP_LIST_SUFFIXES


@dataclass
class Imported:
    """The case read from an upload and the notes on what it did not keep as it was."""

    case: Case
    notes: list[Note] = field(default_factory=list)


def read_upload(data: bytes, filename: str, limits: Limits | None = None) -> Imported:
    """The case in an uploaded file.

    Raises CaseFileError, InterchangeError, StepListError (each naming the place of the problem)
    or UnicodeDecodeError for a case file that is not UTF-8.
    """
    lower = filename.lower()
    if lower.endswith(CASE_FILES):
        fmt: Format = "json" if lower.endswith(".json") else "yaml"
        return Imported(loads_case(data.decode("utf-8"), fmt, name=filename, check=False))
    if lower.endswith(".vsdx"):
        from verksam.formats.visio import read_visio_bytes

        visio = read_visio_bytes(data, filename, limits)
        return Imported(visio.case, visio.notes)
    if lower.endswith(STEP_LIST_SUFFIXES):
        from verksam.formats.steplist import read_steps
        from verksam.formats.steps_import import case_from_steps

        steps = read_steps(data, filename)
        notes = [Note("column", header, "not read") for header in steps.ignored_columns]
        # The start and end events are named as the step table names them, in the user's language.
        names = EventNames(_("Case arrives"), _("Done"))
        return Imported(case_from_steps(steps, filename, names), notes)
    head = data[:65536]
    if BPMN.encode() in head or lower.endswith(".bpmn"):
        from verksam.formats.bpmn import read_bpmn_bytes

        bpmn = read_bpmn_bytes(data, filename)
        return Imported(bpmn.case, bpmn.notes)
    from verksam.formats.archimate import ARCHIMATE, read_archimate_bytes

    if ARCHIMATE.encode() in head:
        archimate = read_archimate_bytes(data, filename)
        return Imported(archimate.case, archimate.notes)
    raise InterchangeError(
        "neither a BPMN 2.0 file nor an ArchiMate exchange file",
        file=filename,
        code="unknown-format",
    )
