"""The benefits case of a case file: register, computed benefits, NPV, alternatives, sensitivity,
stakeholders, prerequisites, risks and the realisation plan, as one report.

The parts are computed in `figures`, `alternatives`, `tornado` and `register`; the names they
define are re-exported here for callers that import them from this module.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from verksam.benefits.alternatives import (
    AlternativeResult,
    CoFinancing,
    co_financing_view,
    compare_alternatives,
)
from verksam.benefits.derive import MetricsCache
from verksam.benefits.economics import CashFlow, cash_flow
from verksam.benefits.figures import (
    BenefitFigure,
    amounts,
    assumption_values,
    case_cash_flow,
    compute,
    monetised,
    section_of,
)
from verksam.benefits.formula import BenefitsError
from verksam.benefits.register import (
    LEVEL,
    PrerequisiteRow,
    RealisationRow,
    RiskRow,
    StakeholderRow,
    benefit_map,
    linked_prerequisites,
    mendelow,
    realisation_row,
    stakeholder_row,
)
from verksam.benefits.tornado import (
    DEFAULT_SENSITIVITY,
    BreakEven,
    Sensitivity,
    SensitivityItem,
    sensitivity,
)
from verksam.model.benefits import NORWEGIAN_CLASS, Benefit, Benefits
from verksam.model.case import Case

__all__ = [
    "DEFAULT_SENSITIVITY",
    "AlternativeResult",
    "BenefitFigure",
    "BenefitsReport",
    "BreakEven",
    "CoFinancing",
    "PrerequisiteRow",
    "RealisationRow",
    "RiskRow",
    "Sensitivity",
    "SensitivityItem",
    "StakeholderRow",
    "amounts",
    "benefits_report",
    "case_cash_flow",
    "mendelow",
    "sensitivity",
]


@dataclass
class BenefitsReport:
    case_id: str
    name: str
    initiative: str
    currency: str
    discount_rate: float
    hours_per_fte: float
    analysis_years: int
    start_year: int | None
    assumptions: list[dict[str, Any]]
    benefits: list[BenefitFigure]
    costs: list[dict[str, Any]]
    cash_flow: CashFlow
    alternatives: list[AlternativeResult]
    co_financing: CoFinancing | None
    sensitivity: Sensitivity
    stakeholders: list[StakeholderRow]
    prerequisites: list[PrerequisiteRow]
    risks: list[RiskRow]
    realisation: list[RealisationRow]
    benefit_map: dict[str, Any]
    warnings: list[str] = field(default_factory=list)

    @property
    def npv(self) -> float:
        return self.cash_flow.npv

    def benefit(self, benefit_id: str) -> BenefitFigure:
        """The benefit with this id. Raises KeyError if there is none."""
        for b in self.benefits:
            if b.id == benefit_id:
                return b
        raise KeyError(benefit_id)

    def to_dict(self) -> dict[str, Any]:
        cf = self.cash_flow
        in_total = [b for b in self.benefits if b.in_total]
        return {
            "case_id": self.case_id,
            "name": self.name,
            "initiative": self.initiative,
            "currency": self.currency,
            "discount_rate": self.discount_rate,
            "hours_per_fte": self.hours_per_fte,
            "analysis_years": self.analysis_years,
            "start_year": self.start_year,
            "assumptions": self.assumptions,
            "benefits": [asdict(b) for b in self.benefits],
            "totals": {
                "fte": sum(b.fte or 0.0 for b in in_total if not b.dis_benefit),
                "amount_per_year": sum(
                    (-1 if b.dis_benefit else 1) * (b.amount_per_year or 0.0)
                    for b in in_total
                    if b.category != "non-monetised"
                ),
            },
            "costs": self.costs,
            "years": [asdict(r) for r in cf.years],
            "npv": cf.npv,
            "benefits_pv": cf.benefits_pv,
            "costs_pv": cf.costs_pv,
            "payback_year": cf.payback_year,
            "discounted_payback_year": cf.discounted_payback_year,
            "alternatives": [asdict(a) for a in self.alternatives],
            "co_financing": asdict(self.co_financing) if self.co_financing else None,
            "sensitivity": asdict(self.sensitivity),
            "stakeholders": [asdict(s) for s in self.stakeholders],
            "prerequisites": [asdict(p) for p in self.prerequisites],
            "risks": [asdict(r) for r in self.risks],
            "realisation": [asdict(r) for r in self.realisation],
            "benefit_map": self.benefit_map,
            "warnings": self.warnings,
        }

    def to_json(self, **kwargs: Any) -> str:
        kwargs.setdefault("ensure_ascii", False)
        kwargs.setdefault("indent", 2)
        kwargs.setdefault("default", _json_default)
        return json.dumps(self.to_dict(), **kwargs)


def _json_default(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _benefit(section: Benefits, benefit_id: str) -> Benefit:
    for b in section.benefits:
        if b.id == benefit_id:
            return b
    raise BenefitsError(f"unknown benefit '{benefit_id}'", benefit_id)


def benefits_report(
    case: Case, *, today: dt.date | None = None, sensitivity_percent: float = DEFAULT_SENSITIVITY
) -> BenefitsReport:
    """The whole benefits case of `case`.

    Raises
    ------
    BenefitsError
        The case has no benefits section, a formula cannot be evaluated, or a derived benefit's
        process cannot be analysed; the message and `element` name the benefit.
    """
    section = section_of(case)
    today = today or dt.date.today()
    values = assumption_values(section)
    s = case.settings
    prereq = {p.id: p for p in section.prerequisites}
    figures: dict[str, BenefitFigure] = {}
    money: dict[str, float] = {}
    warnings: list[str] = []
    cache: MetricsCache = {}
    for b in section.benefits:
        computed = compute(case, b, values, cache)
        linked = linked_prerequisites(section, b)
        unmet = [p for p in linked if p in prereq and prereq[p].status != "met"]
        overdue = [
            p
            for p in unmet
            if prereq[p].due is not None and prereq[p].due < today  # type: ignore[operator]
        ]
        flags = []
        if unmet:
            flags.append("prerequisites-unmet")
        if overdue:
            flags.append("prerequisites-overdue")
        if monetised(b) and computed.amount is None:
            flags.append("no-amount")
            warnings.append(f"benefit '{b.id}' is {b.category} but has no amount per year")
        if not b.owner:
            flags.append("no-owner")
        if monetised(b) and computed.amount is not None:
            money[b.id] = computed.amount
        figures[b.id] = BenefitFigure(
            id=b.id,
            name=b.label,
            category=b.category,
            norwegian_class=NORWEGIAN_CLASS[b.category],
            dis_benefit=b.dis_benefit,
            in_total=b.in_total,
            owner=b.owner,
            status=b.status,
            source=computed.source,
            fte=computed.fte,
            hours=computed.hours,
            count=computed.count,
            amount_per_year=computed.amount,
            derived_from=computed.derived,
            explanation=computed.steps,
            indicator=b.indicator,
            unit=b.unit,
            baseline=b.baseline,
            target=b.target,
            target_date=b.target_date,
            start_year=b.start_year,
            ramp_up=list(b.ramp_up),
            prerequisites=linked,
            unmet_prerequisites=unmet,
            overdue_prerequisites=overdue,
            flags=flags,
            risks=sorted({*b.risks, *(r.id for r in section.risks if b.id in r.benefits)}),
            goals=list(b.goals),
            description=b.description,
            baseline_date=b.baseline_date,
            measurement_method=b.measurement_method,
            measurement_source=b.measurement_source,
            measurement_frequency=b.measurement_frequency,
            stakeholders=list(b.stakeholders),
            effects=list(b.effects),
            changes=list(b.changes),
        )
    for c in section.costs:
        if c.year > s.analysis_years:
            warnings.append(
                f"cost '{c.id}' starts in year {c.year}, after the {s.analysis_years}-year period"
            )
    for b in section.benefits:
        if b.id in money and b.start_year > s.analysis_years:
            warnings.append(
                f"benefit '{b.id}' starts in year {b.start_year}, after the "
                f"{s.analysis_years}-year period"
            )
    counted = {k: v for k, v in money.items() if _benefit(section, k).in_total}
    cf = cash_flow(
        counted,
        section.benefits,
        [c for c in section.costs if c.in_total],
        s.effective_discount_rate,
        s.analysis_years,
        s.start_year,
    )
    # every cost's present value, also of the costs only an alternative has
    each = cash_flow(
        {}, [], section.costs, s.effective_discount_rate, s.analysis_years, s.start_year
    )
    costs = [
        {
            "id": c.id,
            "name": c.label,
            "kind": c.kind,
            "amount": c.amount,
            "year": c.year,
            "end_year": c.end_year
            if c.end_year is not None or c.kind == "investment"
            else s.analysis_years,
            "present_value": sum(r.costs[c.id] * r.discount_factor for r in each.years),
            "in_total": c.in_total,
        }
        for c in section.costs
    ]
    return BenefitsReport(
        case_id=case.id,
        name=case.name,
        initiative=section.initiative,
        currency=s.effective_currency,
        discount_rate=s.effective_discount_rate,
        hours_per_fte=s.effective_hours_per_fte,
        analysis_years=s.analysis_years,
        start_year=s.start_year,
        assumptions=[
            {
                "id": a.id,
                "name": a.label,
                "value": a.value,
                "unit": a.unit,
                "source": a.source,
                "uncertainty": a.uncertainty,
            }
            for a in section.assumptions
        ],
        benefits=list(figures.values()),
        costs=costs,
        cash_flow=cf,
        alternatives=compare_alternatives(case, section, figures, money),
        co_financing=co_financing_view(case, section, cf, money),
        sensitivity=sensitivity(case, sensitivity_percent),
        stakeholders=[stakeholder_row(x) for x in section.stakeholders],
        prerequisites=[
            PrerequisiteRow(
                id=p.id,
                name=p.label,
                owner=p.owner,
                due=p.due,
                status=p.status,
                benefits=sorted(
                    {*p.benefits, *(b.id for b in section.benefits if p.id in b.prerequisites)}
                ),
                overdue=p.status != "met" and p.due is not None and p.due < today,
            )
            for p in section.prerequisites
        ],
        risks=[
            RiskRow(
                id=r.id,
                name=r.label,
                probability=r.probability,
                impact=r.impact,
                score=LEVEL[r.probability] * LEVEL[r.impact],
                mitigation=r.mitigation,
                owner=r.owner,
                benefits=list(r.benefits),
            )
            for r in section.risks
        ],
        realisation=[
            row
            for b in section.benefits
            if (row := realisation_row(case, b, money.get(b.id))) is not None
        ],
        benefit_map=benefit_map(case, section),
        warnings=warnings,
    )
