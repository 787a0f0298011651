"""Business vision view (Eriksson–Penker): vision, goal hierarchy, problems, conceptual model."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from verksam.model.base import Direction, Element, Id, Measurement, Model

GoalLevel = Literal["overarching", "operational", "sub"]
GoalKind = Literal["qualitative", "quantitative"]


class GoalRelation(Model):
    """A goal–goal dependency other than the sub-goal hierarchy."""

    kind: Literal["complementary", "contradictory", "dependent"]
    goal: Id


class Goal(Element):
    """A «goal». Qualitative goals are judged; quantitative ones have indicator, target and deadline."""

    parent: Id | None = None
    level: GoalLevel = "operational"
    kind: GoalKind = "qualitative"
    indicator: str = ""
    unit: str = ""
    baseline: float | None = None
    baseline_date: dt.date | None = None
    target: float | None = None
    deadline: dt.date | None = None
    owner: Id | None = None  # a unit or role
    measurements: list[Measurement] = Field(default_factory=list)
    relations: list[GoalRelation] = Field(default_factory=list)
    direction: Direction | None = None


class BusinessProblem(Element):
    """A «problem» that blocks goals; `causes` lists the problems that cause this one."""

    blocks: list[Id] = Field(default_factory=list)
    causes: list[Id] = Field(default_factory=list)  # its causes (other problems)


class Concept(Element):
    """A business concept (a term) of the conceptual model."""

    attributes: list[str] = Field(default_factory=list)


class Association(Element):
    """A relation between two concepts in the conceptual model."""

    source: Id
    target: Id
    kind: Literal["association", "aggregation", "composition", "generalization"] = "association"
    source_multiplicity: str = ""
    target_multiplicity: str = ""


class Vision(Model):
    statement: str = ""
    adopted: dt.date | None = None
    adopted_by: str = ""
    goals: list[Goal] = Field(default_factory=list)
    problems: list[BusinessProblem] = Field(default_factory=list)
    concepts: list[Concept] = Field(default_factory=list)
    associations: list[Association] = Field(default_factory=list)
