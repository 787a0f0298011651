"""A step list file (.xlsx, .csv) as a new case: one process whose as-is variant is the steps.

The file is read by `verksam.formats.steplist` — the same parser as the step table's paste — and
turned into a flow by `verksam.model.steps.apply_steps`, so a list imported here and the same list
pasted into the step table give the same process.
"""

from __future__ import annotations

from pathlib import Path

from verksam.formats.steplist import StepList, read_steps
from verksam.model import Case, Process, Variant
from verksam.model.steps import EventNames, apply_steps, make_id

STEP_LIST_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv", ".txt", ".tab")


def case_from_steps(steps: StepList, filename: str, names: EventNames | None = None) -> Case:
    """A case holding one process made from the steps, named after the file.

    Raises ValueError when a step goes back to a later one (the parser already refuses that).
    """
    stem = Path(filename).stem or "steps"
    ident = make_id(stem, set(), "steps")
    case = Case(
        id=ident,
        name=stem,
        processes=[Process(id=ident, name=stem, variants=[Variant(id="as-is")])],
    )
    return apply_steps(case, ident, "as-is", steps.steps, names or EventNames())


def read_step_file(path: str | Path) -> tuple[Case, StepList]:
    """The case of a step list file; raises StepListError naming the file, line and column."""
    path = Path(path)
    steps = read_steps(path.read_bytes(), path.name)
    return case_from_steps(steps, path.name), steps
