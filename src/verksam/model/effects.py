"""Effect map (impact map): effect goal → target groups → needs/behaviour changes → deliverables."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from verksam.model.base import Direction, Element, Id, Measurement, Model


class EffectGoal(Element):
    """Why: a prioritised, measurable effect goal."""

    indicator: str = ""
    unit: str = ""
    baseline: float | None = None
    target: float | None = None
    deadline: dt.date | None = None
    method: str = ""  # how it is measured
    goal: Id | None = None  # the case goal it serves
    priority: int | None = None
    baseline_date: dt.date | None = None
    measurements: list[Measurement] = Field(default_factory=list)
    direction: Direction | None = None


class TargetGroup(Element):
    """Who can create the effect."""

    effect_goals: list[Id] = Field(default_factory=list)


class Need(Element):
    """What a target group needs, or how its behaviour must change."""

    target_group: Id
    measure: str = ""


class Deliverable(Element):
    """How: a solution action, ranked by its contribution."""

    needs: list[Id] = Field(default_factory=list)
    rank: int | None = None


class EffectMap(Model):
    effect_goals: list[EffectGoal] = Field(default_factory=list)
    target_groups: list[TargetGroup] = Field(default_factory=list)
    needs: list[Need] = Field(default_factory=list)
    deliverables: list[Deliverable] = Field(default_factory=list)
