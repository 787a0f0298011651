"""Benefits realisation (gevinstrealisering / nyttorealisering): benefits, costs, stakeholders,
prerequisites, risks, the benefit map (change → effect → benefit → goal) and alternatives.

Categories follow METHODS.md: `cash-releasing` (budget effect), `reallocation` (freed time used for
other work, valued in money), `other-public` (priced effects elsewhere in the public sector),
`non-monetised`. The Norwegian four-way classification (a–d) maps onto them one to one.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from verksam.model.base import Direction, Element, Id, Measurement, Model

BenefitCategory = Literal["cash-releasing", "reallocation", "other-public", "non-monetised"]
NORWEGIAN_CLASS: dict[str, str] = {
    "cash-releasing": "a",  # budsjetteffekt i egen virksomhet
    "reallocation": "b",  # alternativ bruk i egen virksomhet
    "other-public": "c",  # prissatte effekter andre steder i offentlig sektor
    "non-monetised": "d",  # ikke-prissatte effekter
}
Level = Literal["low", "medium", "high"]
Attitude = Literal["negative", "neutral", "positive"]
Status = Literal[
    "planned", "in-progress", "realised", "partly-realised", "not-realised", "cancelled"
]


class Assumption(Element):
    """A named input of the benefits case (volume, time, price), visible and explained."""

    value: float
    unit: str = ""
    source: str = ""
    uncertainty: float | None = Field(default=None, ge=0)  # relative: 0.3 means ±30 %


class Derivation(Model):
    """A benefit computed from a process change: workload of `baseline` minus workload of `target`.

    `measure`: `fte` (freed full-time equivalents), `hours` or `cost` (money per year at the roles'
    cost per hour), or `visits` (executions per year of `activity`, e.g. letters sent). With
    `value_per_fte`, an assumption id, freed FTE are valued at that amount each (for example income
    from reallocating staff to collection work); `value_formula` (arithmetic over assumption ids)
    values one unit of the measure instead (e.g. `postage + printing` per letter).
    """

    process: Id
    baseline: Id = "as-is"
    target: Id = "to-be"
    measure: Literal["fte", "hours", "cost", "visits"] = "fte"
    value_per_fte: Id | None = None
    roles: list[Id] = Field(default_factory=list)  # only these roles; empty: all
    activity: Id | None = None  # the node counted by measure `visits`
    value_formula: str | None = None  # money per unit of the measure


class Benefit(Element):
    """One entry of the benefit register (also a dis-benefit, with `dis_benefit: true`)."""

    category: BenefitCategory = "non-monetised"
    dis_benefit: bool = False
    owner: str = ""  # the line manager responsible (gevinstansvarlig)
    stakeholders: list[Id] = Field(default_factory=list)
    indicator: str = ""
    unit: str = ""
    baseline: float | None = None
    baseline_date: dt.date | None = None
    target: float | None = None
    target_date: dt.date | None = None
    ramp_up: list[float] = Field(default_factory=list)  # share realised in year 1, 2, ...
    start_year: int = Field(default=1, ge=0)
    measurement_method: str = ""
    measurement_source: str = ""
    measurement_frequency: str = ""
    goals: list[Id] = Field(default_factory=list)
    effects: list[Id] = Field(default_factory=list)
    changes: list[Id] = Field(default_factory=list)
    prerequisites: list[Id] = Field(default_factory=list)
    risks: list[Id] = Field(default_factory=list)
    status: Status = "planned"
    measurements: list[Measurement] = Field(default_factory=list)
    amount_per_year: float | None = None  # typed-in money per year
    fte: float | None = None  # typed-in FTE
    formula: str | None = None  # arithmetic over assumption ids, money per year
    derived_from: Derivation | None = None
    in_total: bool = True  # False: another valuation of the same gain, shown only in alternatives
    direction: Direction | None = None  # of the indicator


class Cost(Element):
    """An investment (one-off) or running cost, in the case's currency and real prices."""

    kind: Literal["investment", "running"] = "investment"
    amount: float = Field(ge=0)
    year: int = Field(default=0, ge=0)  # 0 = the base year of the analysis
    end_year: int | None = Field(default=None, ge=0)  # running costs: last year (default: period)
    in_total: bool = True  # False: a cost of one alternative only, not of the case's own plan


class Stakeholder(Element):
    """A stakeholder group with power, interest and attitude (now and desired)."""

    role: str = ""
    concerns: str = ""
    power: Level = "medium"
    interest: Level = "medium"
    attitude: Attitude = "neutral"
    desired_attitude: Attitude | None = None
    strategy: Literal["manage-closely", "keep-satisfied", "keep-informed", "monitor"] | None = None
    actions: str = ""
    channel: str = ""
    frequency: str = ""
    owner: str = ""


class Prerequisite(Element):
    """A condition (forutsetning / förutsättning) for benefits to be realised."""

    owner: str = ""
    due: dt.date | None = None
    status: Literal["not-started", "in-progress", "met", "not-met"] = "not-started"
    benefits: list[Id] = Field(default_factory=list)


class Risk(Element):
    probability: Level = "medium"
    impact: Level = "medium"
    mitigation: str = ""
    owner: str = ""
    benefits: list[Id] = Field(default_factory=list)


class Change(Element):
    """A change in the organisation brought by the initiative (start of the benefit map)."""


class Effect(Element):
    """An effect of one or more changes, leading to benefits."""

    changes: list[Id] = Field(default_factory=list)


class Alternative(Element):
    """A way to reach the goals, compared against the zero alternative (today's process)."""

    process: Id | None = None
    variant: Id | None = None
    benefits: list[Id] = Field(default_factory=list)
    costs: list[Id] = Field(default_factory=list)
    risk: Level = "medium"
    non_monetised: str = ""


class Benefits(Model):
    initiative: str = ""
    assumptions: list[Assumption] = Field(default_factory=list)
    benefits: list[Benefit] = Field(default_factory=list)
    costs: list[Cost] = Field(default_factory=list)
    stakeholders: list[Stakeholder] = Field(default_factory=list)
    prerequisites: list[Prerequisite] = Field(default_factory=list)
    risks: list[Risk] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)
    effects: list[Effect] = Field(default_factory=list)
    alternatives: list[Alternative] = Field(default_factory=list)
    co_financing_share: float | None = Field(default=None, ge=0, le=1)  # Digdir: 0.5
