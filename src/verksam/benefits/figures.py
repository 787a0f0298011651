"""Each benefit of the register with its computed full-year figures, and the cash flow they give.

Terms (METHODS.md §3–4): *cash-releasing* benefits change the budget; *reallocation* benefits are
freed time valued in money but used for other work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from verksam.benefits.derive import MetricsCache, Step, derive, formula_text, number, step
from verksam.benefits.economics import CashFlow, cash_flow
from verksam.benefits.formula import BenefitsError, evaluate
from verksam.model.benefits import Benefit, Benefits
from verksam.model.case import Case


@dataclass
class BenefitFigure:
    """One benefit of the register with its computed figures per full year.

    `amount_per_year` is the size of the benefit (a dis-benefit's too); the cash flow subtracts
    dis-benefits. `source` says where the figures come from: derived, formula, typed or none.
    """

    id: str
    name: str
    category: str
    norwegian_class: str
    dis_benefit: bool
    in_total: bool
    owner: str
    status: str
    source: str
    fte: float | None
    hours: float | None
    count: float | None
    amount_per_year: float | None
    derived_from: dict[str, Any] | None
    explanation: list[Step]
    indicator: str
    unit: str
    baseline: float | None
    target: float | None
    target_date: dt.date | None
    start_year: int
    ramp_up: list[float]
    prerequisites: list[str]
    unmet_prerequisites: list[str]
    overdue_prerequisites: list[str]
    flags: list[str]
    risks: list[str]
    goals: list[str]
    description: str = ""
    baseline_date: dt.date | None = None
    measurement_method: str = ""
    measurement_source: str = ""
    measurement_frequency: str = ""
    stakeholders: list[str] = field(default_factory=list)
    effects: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)


def section_of(case: Case) -> Benefits:
    """The benefits section of `case`. Raises BenefitsError when it has none."""
    if case.benefits is None:
        raise BenefitsError(f"case '{case.id}' has no benefits section", case.id)
    return case.benefits


def assumption_values(section: Benefits) -> dict[str, float]:
    """The value of every assumption, by id."""
    return {a.id: a.value for a in section.assumptions}


def monetised(benefit: Benefit) -> bool:
    """Whether the benefit is valued in money (all categories but non-monetised)."""
    return benefit.category != "non-monetised"


@dataclass
class Computed:
    fte: float | None
    hours: float | None
    count: float | None
    amount: float | None
    source: str
    steps: list[Step]
    derived: dict[str, Any] | None


def compute(
    case: Case, benefit: Benefit, values: dict[str, float], cache: MetricsCache | None = None
) -> Computed:
    """The full-year figures of one benefit: derived, from its formula, typed, or none."""
    if benefit.derived_from is not None:
        d = derive(case, benefit, values, cache)
        spec = benefit.derived_from.model_dump(exclude_defaults=False)
        spec["baseline_figures"] = d.baseline
        spec["target_figures"] = d.target
        amount = d.amount if d.amount is not None else benefit.amount_per_year
        return Computed(d.fte, d.hours, d.count, amount, "derived", d.steps, spec)
    if benefit.formula is not None:
        amount = evaluate(benefit.formula, values, benefit.id)
        lang = case.settings.effective_language
        text = step(
            "formula",
            lang,
            formula=formula_text(benefit.formula, values, lang),
            amount=number(amount, lang, 0),
            currency=case.settings.effective_currency,
        )
        return Computed(benefit.fte, None, None, amount, "formula", [text], None)
    if benefit.amount_per_year is not None or benefit.fte is not None:
        return Computed(benefit.fte, None, None, benefit.amount_per_year, "typed", [], None)
    return Computed(None, None, None, None, "none", [], None)


def amounts(case: Case, *, only_in_total: bool = False) -> dict[str, float]:
    """Full-year money amount of every monetised benefit that has one, by id.

    Raises BenefitsError naming the benefit when a figure cannot be computed.
    """
    section = section_of(case)
    values = assumption_values(section)
    cache: MetricsCache = {}
    out: dict[str, float] = {}
    for benefit in section.benefits:
        if not monetised(benefit) or (only_in_total and not benefit.in_total):
            continue
        amount = compute(case, benefit, values, cache).amount
        if amount is not None:
            out[benefit.id] = amount
    return out


def case_cash_flow(case: Case) -> CashFlow:
    """The cash flow of the benefits case: benefits counted in the total, and every cost."""
    section = section_of(case)
    counted = amounts(case, only_in_total=True)
    s = case.settings
    return cash_flow(
        counted,
        section.benefits,
        [c for c in section.costs if c.in_total],
        s.effective_discount_rate,
        s.analysis_years,
        s.start_year,
    )
