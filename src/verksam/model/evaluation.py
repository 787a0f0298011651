"""Evaluation of e-solutions: requirements, candidate solutions and their scores.

A development case that is about to buy, extend or build a system states its *requirements*
(must or should, each traced to the goals, effects and process steps it serves), lists the
*candidate solutions* (buy system A, extend system B, build in-house, do nothing) and scores each
candidate per requirement on a scale from 0 to `scale_max`. Requirements may be grouped under
weighted *criteria* (e.g. function, usability, operation); a requirement's effective weight is its
own weight times its criterion's. Each candidate names the to-be process variant it leads to and
the benefits alternative whose NPV it brings, so fit, benefit and cost can be read side by side.
The ranking and its sensitivity are computed in `verksam.analysis.evaluation`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from verksam.model.base import Element, Id, Model

Priority = Literal["must", "should"]
CandidateKind = Literal["buy", "extend", "build", "do-nothing", "other"]


class StepRef(Model):
    """A process step a requirement concerns: a node of a process (in any of its variants)."""

    process: Id
    step: Id


class Criterion(Element):
    """A weighted group of requirements (e.g. function, usability, operation and cost)."""

    weight: float = Field(default=1.0, ge=0)


class Requirement(Element):
    """A requirement on the solution. A candidate scoring below the evaluation's `must_pass` on a
    must-requirement fails it and is not ranked; should-requirements are only weighed."""

    priority: Priority = "should"
    weight: float = Field(default=1.0, ge=0)
    criterion: Id | None = None
    goals: list[Id] = Field(default_factory=list)  # goals or effect goals
    effects: list[Id] = Field(default_factory=list)  # effects of the benefit map
    steps: list[StepRef] = Field(default_factory=list)
    verification: str = ""  # how a tender shows the requirement is met


class Score(Model):
    """How well a candidate meets one requirement, with the reason."""

    score: float = Field(ge=0)
    note: str = ""

    @model_validator(mode="before")
    @classmethod
    def _plain_number(cls, value: Any) -> Any:
        # `r1: 4` in a case file is short for `r1: {score: 4}`
        if isinstance(value, int | float) and not isinstance(value, bool):
            return {"score": value}
        return value


class Candidate(Element):
    """A candidate solution, the process variant it leads to and its benefits alternative."""

    kind: CandidateKind = "other"
    process: Id | None = None
    variant: Id | None = None
    alternative: Id | None = None  # benefits alternative (NPV); none: the zero alternative
    scores: dict[Id, Score] = Field(default_factory=dict)  # requirement id → score


class Evaluation(Model):
    """The evaluation of candidate solutions for one development case."""

    name: str = ""
    description: str = ""
    scale_max: int = Field(default=5, ge=1, le=100)
    must_pass: float = Field(default=3.0, ge=0)  # the lowest score that meets a must-requirement
    criteria: list[Criterion] = Field(default_factory=list)
    requirements: list[Requirement] = Field(default_factory=list)
    candidates: list[Candidate] = Field(default_factory=list)

    def requirement(self, requirement_id: str) -> Requirement:
        """The requirement with this id. Raises KeyError if there is none."""
        for requirement in self.requirements:
            if requirement.id == requirement_id:
                return requirement
        raise KeyError(requirement_id)
