"""Shared building blocks of the case model: ids, the element base class and dated values."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_.\-]*$", min_length=1, max_length=100),
]
"""A stable identifier: letters, digits, '_', '-', '.'; starts with a letter or '_'.

Ids never change when an element is renamed, and every reference in a case is by id.
"""

NonNegative = Annotated[float, Field(ge=0)]
Probability = Annotated[float, Field(ge=0, le=1)]


class Model(BaseModel):
    """Base of every model class: unknown keys are errors, assignments are validated.

    Numbers must be finite: NaN and infinity cannot be written to JSON and would break the round
    trip (and every sum they touch).

    Validators are built when a class is first used, not when it is defined: `verksam validate`
    then builds one validator (the Case's) instead of one for each of the ~50 classes and again
    inside each class that holds it (a sixth of its start-up).
    """

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        populate_by_name=True,
        allow_inf_nan=False,
        defer_build=True,
    )


class Element(Model):
    """An identified, named thing in a case."""

    id: Id
    name: str = ""
    description: str = ""

    @property
    def label(self) -> str:
        """The name, or the id when the element has no name."""
        return self.name or self.id


class Measurement(Model):
    """A measured value of an indicator on a date."""

    date: dt.date
    value: float
    note: str = ""


Direction = Literal["higher-is-better", "lower-is-better"]
"""Which way an indicator should move. When an element does not say, it follows from the baseline
(or the first measured value) and the target: a target below it means lower is better."""
