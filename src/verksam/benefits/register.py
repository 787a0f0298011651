"""The register around the benefits: stakeholders, prerequisites, risks, the realisation plan
against measurements, and the benefit map; Mendelow's grid sets a stakeholder strategy from power
and interest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from verksam.benefits.economics import ramp_share
from verksam.model.benefits import Benefit, Benefits, Level, Stakeholder
from verksam.model.case import Case


@dataclass
class StakeholderRow:
    id: str
    name: str
    power: str
    interest: str
    attitude: str
    desired_attitude: str | None
    strategy: str
    suggested_strategy: str
    strategy_differs: bool
    needs_action: bool
    actions: str
    channel: str
    frequency: str
    owner: str


@dataclass
class PrerequisiteRow:
    id: str
    name: str
    owner: str
    due: dt.date | None
    status: str
    benefits: list[str]
    overdue: bool


@dataclass
class RiskRow:
    id: str
    name: str
    probability: str
    impact: str
    score: int  # probability × impact on a 1–3 scale each
    mitigation: str
    owner: str
    benefits: list[str]


@dataclass
class RealisationRow:
    """Planned against measured values of one benefit; `share_realised` of the latest measurement."""

    benefit: str
    indicator: str
    unit: str
    baseline: float | None
    target: float | None
    plan: list[dict[str, Any]]
    measurements: list[dict[str, Any]]
    share_realised: float | None


def mendelow(power: Level, interest: Level) -> str:
    """Mendelow's strategy: only `high` counts as high on each axis."""
    if power == "high":
        return "manage-closely" if interest == "high" else "keep-satisfied"
    return "keep-informed" if interest == "high" else "monitor"


def stakeholder_row(s: Stakeholder) -> StakeholderRow:
    """The stakeholder with Mendelow's suggested strategy beside the chosen one."""
    suggested = mendelow(s.power, s.interest)
    return StakeholderRow(
        id=s.id,
        name=s.label,
        power=s.power,
        interest=s.interest,
        attitude=s.attitude,
        desired_attitude=s.desired_attitude,
        strategy=s.strategy or suggested,
        suggested_strategy=suggested,
        strategy_differs=s.strategy is not None and s.strategy != suggested,
        needs_action=s.desired_attitude is not None and s.desired_attitude != s.attitude,
        actions=s.actions,
        channel=s.channel,
        frequency=s.frequency,
        owner=s.owner,
    )


LEVEL = {"low": 1, "medium": 2, "high": 3}


def linked_prerequisites(section: Benefits, benefit: Benefit) -> list[str]:
    """Ids of the prerequisites of `benefit`, linked from either side."""
    ids = list(benefit.prerequisites)
    ids += [p.id for p in section.prerequisites if benefit.id in p.benefits and p.id not in ids]
    return ids


def _calendar(case: Case, t: int) -> int | None:
    return case.settings.start_year + t if case.settings.start_year is not None else None


def realisation_row(case: Case, b: Benefit, amount: float | None) -> RealisationRow | None:
    """The plan and measurements of `b`; None without indicator span or amount."""
    years = case.settings.analysis_years
    start = case.settings.start_year
    by_indicator = b.baseline is not None and b.target is not None
    if not by_indicator and amount is None:
        return None
    plan: list[dict[str, Any]] = []
    for t in range(years + 1):
        share = ramp_share(b, t)
        if by_indicator:
            assert b.baseline is not None and b.target is not None
            planned = b.baseline + (b.target - b.baseline) * share
        else:
            assert amount is not None
            planned = amount * share
        plan.append({"t": t, "year": _calendar(case, t), "share": share, "planned": planned})
    measured: list[dict[str, Any]] = []
    share_realised: float | None = None
    for m in sorted(b.measurements, key=lambda m: m.date):
        realised: float | None
        if by_indicator:
            assert b.baseline is not None and b.target is not None
            span = b.target - b.baseline
            realised = (m.value - b.baseline) / span if span else None
        else:
            realised = m.value / amount if amount else None
        planned_now = None
        if start is not None:
            t = m.date.year - start
            planned_now = next((p["planned"] for p in plan if p["t"] == t), None)
        measured.append(
            {
                "date": m.date,
                "value": m.value,
                "planned": planned_now,
                "share": realised,
                "note": m.note,
            }
        )
        share_realised = realised
    return RealisationRow(
        b.id,
        b.indicator,
        b.unit,
        b.baseline,
        b.target,
        plan,
        measured,
        share_realised,
    )


def benefit_map(case: Case, section: Benefits) -> dict[str, Any]:
    """Changes → effects → benefits → goals, with the prerequisites of each benefit."""
    goals: set[str] = set()
    for b in section.benefits:
        goals |= set(b.goals)
    names = {g.id: g.label for g in case.vision.goals} if case.vision else {}
    return {
        "changes": [{"id": c.id, "name": c.label} for c in section.changes],
        "effects": [{"id": e.id, "name": e.label, "changes": e.changes} for e in section.effects],
        "benefits": [
            {
                "id": b.id,
                "name": b.label,
                "dis_benefit": b.dis_benefit,
                "changes": b.changes,
                "effects": b.effects,
                "goals": b.goals,
                "prerequisites": linked_prerequisites(section, b),
            }
            for b in section.benefits
        ],
        "goals": [{"id": g, "name": names.get(g, g)} for g in sorted(goals)],
        "prerequisites": [
            {"id": p.id, "name": p.label, "status": p.status} for p in section.prerequisites
        ],
    }
