"""The benefits case of a case file: register, computed benefits, NPV, alternatives, sensitivity,
stakeholders, prerequisites, risks and the realisation plan, as one report.

Terms (METHODS.md §3–4): *cash-releasing* benefits change the budget; *reallocation* benefits are
freed time valued in money but used for other work; the *zero alternative* keeps today's process
(NPV 0 by definition); Digdir's co-financing cuts a share (50 %) of the net internal gains from
the agency's budget; Mendelow's grid sets a stakeholder strategy from power and interest.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from verksam.analysis import AnalysisError, analyze
from verksam.benefits.derive import MetricsCache, Step, derive, formula_text, number, step
from verksam.benefits.economics import CashFlow, cash_flow, npv, ramp_share
from verksam.benefits.formula import BenefitsError, evaluate, formula_key, names_in
from verksam.model.benefits import NORWEGIAN_CLASS, Benefit, Benefits, Level, Stakeholder
from verksam.model.case import Case
from verksam.model.process import Process

DEFAULT_SENSITIVITY = 0.2  # ±20 % for the tornado
DIGDIR_MIN, DIGDIR_MAX = 10_000_000.0, 100_000_000.0  # project size Digdir co-finances (NOK)
INPUT_LABELS = {
    "volume": {
        "en": "{process}: cases per year",
        "nb": "{process}: saker i året",
        "sv": "{process}: ärenden per år",
    },
    "touch": {
        "en": "{variant}: minutes of work per case",
        "nb": "{variant}: minutter arbeid per sak",
        "sv": "{variant}: minuters arbete per ärende",
    },
    "investment": {
        "en": "investment costs",
        "nb": "investeringskostnader",
        "sv": "investeringskostnader",
    },
    "running": {"en": "running costs", "nb": "driftskostnader", "sv": "driftskostnader"},
}
ZERO_NAME = {
    "en": "Zero alternative (keep today's process)",
    "nb": "Nullalternativet (dagens prosess)",
    "sv": "Nollalternativet (dagens process)",
}


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


@dataclass
class SensitivityItem:
    """NPV with one input set low (−X %) and high (+X %), the others at their values, and the
    value of the input at which the NPV would be 0 (None when no value from 0 to 20× reaches it)."""

    key: str
    label: str
    base_value: float | None
    npv_low: float
    npv_high: float
    swing: float
    break_even_factor: float | None
    break_even_value: float | None


@dataclass
class BreakEven:
    """The value of one input at which the NPV is 0 (None when no value in range reaches it)."""

    key: str
    label: str
    reason: str  # why this input: its stated uncertainty, or the widest swing
    base_value: float | None
    factor: float | None
    value: float | None


@dataclass
class Sensitivity:
    percent: float
    base_npv: float
    items: list[SensitivityItem]
    break_even: BreakEven | None


@dataclass
class AlternativeResult:
    id: str
    name: str
    process: str | None
    variant: str | None
    npv: float
    benefits_pv: float
    costs_pv: float
    payback_year: int | None
    fte: float
    amount_per_year: float
    non_monetised: list[str]
    risk: str
    rank: int = 0


@dataclass
class CoFinancing:
    """Digdir's co-financing view: a share of the net internal gains is cut from the budget."""

    share: float
    investment_total: float
    eligible_size: bool | None  # 10–100 MNOK (only judged for NOK)
    max_grant: float  # at most 50 % of the investment
    yearly_budget_cut: list[float]
    budget_cut_total: float
    budget_cut_pv: float
    agency_npv: float  # NPV + grant − budget cuts, discounted


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


# --- computing the figures --------------------------------------------------------------------


def _section(case: Case) -> Benefits:
    if case.benefits is None:
        raise BenefitsError(f"case '{case.id}' has no benefits section", case.id)
    return case.benefits


def _values(section: Benefits) -> dict[str, float]:
    return {a.id: a.value for a in section.assumptions}


def _monetised(benefit: Benefit) -> bool:
    return benefit.category != "non-monetised"


@dataclass
class _Computed:
    fte: float | None
    hours: float | None
    count: float | None
    amount: float | None
    source: str
    steps: list[Step]
    derived: dict[str, Any] | None


def _compute(
    case: Case, benefit: Benefit, values: dict[str, float], cache: MetricsCache | None = None
) -> _Computed:
    if benefit.derived_from is not None:
        d = derive(case, benefit, values, cache)
        spec = benefit.derived_from.model_dump(exclude_defaults=False)
        spec["baseline_figures"] = d.baseline
        spec["target_figures"] = d.target
        amount = d.amount if d.amount is not None else benefit.amount_per_year
        return _Computed(d.fte, d.hours, d.count, amount, "derived", d.steps, spec)
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
        return _Computed(benefit.fte, None, None, amount, "formula", [text], None)
    if benefit.amount_per_year is not None or benefit.fte is not None:
        return _Computed(benefit.fte, None, None, benefit.amount_per_year, "typed", [], None)
    return _Computed(None, None, None, None, "none", [], None)


def amounts(case: Case, *, only_in_total: bool = False) -> dict[str, float]:
    """Full-year money amount of every monetised benefit that has one, by id.

    Raises BenefitsError naming the benefit when a figure cannot be computed.
    """
    section = _section(case)
    values = _values(section)
    cache: MetricsCache = {}
    out: dict[str, float] = {}
    for benefit in section.benefits:
        if not _monetised(benefit) or (only_in_total and not benefit.in_total):
            continue
        amount = _compute(case, benefit, values, cache).amount
        if amount is not None:
            out[benefit.id] = amount
    return out


def case_cash_flow(case: Case) -> CashFlow:
    """The cash flow of the benefits case: benefits counted in the total, and every cost."""
    section = _section(case)
    counted = amounts(case, only_in_total=True)
    s = case.settings
    return cash_flow(
        counted,
        section.benefits,
        section.costs,
        s.effective_discount_rate,
        s.analysis_years,
        s.start_year,
    )


def _benefit(section: Benefits, benefit_id: str) -> Benefit:
    for b in section.benefits:
        if b.id == benefit_id:
            return b
    raise BenefitsError(f"unknown benefit '{benefit_id}'", benefit_id)


# --- sensitivity ------------------------------------------------------------------------------

Scaler = Callable[[Case, float], None]


def _inputs(case: Case) -> list[tuple[str, str, float | None, float | None, Scaler]]:
    """Key inputs of the NPV: (key, label, base value, stated uncertainty, scale in place)."""
    section = _section(case)
    counted = [b for b in section.benefits if b.in_total and _monetised(b)]
    used: set[str] = set()
    processes: list[tuple[str, str, str]] = []
    for b in counted:
        if b.formula:
            used |= names_in(b.formula, b.id)
        d = b.derived_from
        if d is not None:
            if d.value_per_fte:
                used.add(d.value_per_fte)
            if d.value_formula:
                used |= names_in(d.value_formula, b.id)
            if (d.process, d.baseline, d.target) not in processes:
                processes.append((d.process, d.baseline, d.target))
    items: list[tuple[str, str, float | None, float | None, Scaler]] = []
    lang = case.settings.effective_language

    for a in section.assumptions:
        if a.id in used or formula_key(a.id) in used:

            def scale_assumption(c: Case, f: float, aid: str = a.id) -> None:
                for x in _section(c).assumptions:
                    if x.id == aid:
                        x.value = x.value * f

            items.append((f"assumption:{a.id}", a.label, a.value, a.uncertainty, scale_assumption))
    seen_processes: set[str] = set()
    seen_variants: set[tuple[str, str]] = set()
    for pid, base, target in processes:
        try:
            process = case.process(pid)
        except KeyError:
            continue

        def scale_volume(c: Case, f: float, pid: str = pid) -> None:
            for v in _own_process(c, pid).variants:
                if v.volume_per_year is not None:
                    v.volume_per_year = v.volume_per_year * f

        volume = next((v.volume_per_year for v in process.variants if v.id == base), None)
        if pid not in seen_processes:
            seen_processes.add(pid)
            items.append(
                (
                    f"volume:{pid}",
                    _label("volume", lang, process=process.label),
                    volume,
                    None,
                    scale_volume,
                )
            )
        for vid in dict.fromkeys((base, target)):
            if (pid, vid) in seen_variants:
                continue
            seen_variants.add((pid, vid))

            def scale_touch(c: Case, f: float, pid: str = pid, vid: str = vid) -> None:
                for n in _own_process(c, pid, vid).variant(vid).nodes:
                    n.touch_minutes = n.touch_minutes * f

            label = next((v.label for v in process.variants if v.id == vid), vid)
            try:
                minutes: float | None = analyze(case, pid, vid).touch_hours * 60
            except AnalysisError:
                minutes = None
            items.append(
                (
                    f"touch:{pid}:{vid}",
                    _label("touch", lang, variant=label),
                    minutes,
                    None,
                    scale_touch,
                )
            )
    for kind in ("investment", "running"):
        total = sum(c.amount for c in section.costs if c.kind == kind)
        if total <= 0:
            continue

        def scale_costs(c: Case, f: float, kind: str = kind) -> None:
            for cost in _section(c).costs:
                if cost.kind == kind:
                    cost.amount = cost.amount * f

        items.append((f"costs:{kind}", _label(kind, lang), total, None, scale_costs))
    return items


def _label(key: str, language: str, **params: str) -> str:
    templates = INPUT_LABELS[key]
    return (templates.get(language) or templates["en"]).format(**params)


def _npv_with(case: Case, scaler: Scaler, factor: float) -> float:
    # Copy only what scalers change (assumptions, costs; a process when a scaler asks for it).
    section = _section(case)
    own_section = section.model_copy(
        update={
            "assumptions": [a.model_copy() for a in section.assumptions],
            "costs": [c.model_copy() for c in section.costs],
        }
    )
    copy = case.model_copy(update={"benefits": own_section, "processes": list(case.processes)})
    scaler(copy, factor)
    return case_cash_flow(copy).npv


def _own_process(c: Case, pid: str, nodes_of: str | None = None) -> Process:
    """Give `c` (a copy sharing its processes) its own copy of process `pid`: its variants, and
    the nodes of variant `nodes_of`. Returns the copy."""
    index = next(i for i, p in enumerate(c.processes) if p.id == pid)
    process = c.processes[index]
    variants = [
        v.model_copy(update={"nodes": [n.model_copy() for n in v.nodes]})
        if v.id == nodes_of
        else v.model_copy()
        for v in process.variants
    ]
    own = process.model_copy(update={"variants": variants})
    c.processes[index] = own
    return own


def sensitivity(case: Case, percent: float = DEFAULT_SENSITIVITY) -> Sensitivity:
    """Tornado of the NPV (each key input ±`percent`) and the break-even of the most uncertain input.

    The most uncertain input is the assumption with the largest stated `uncertainty`; when no
    assumption states one, the input with the widest swing.
    """
    base = case_cash_flow(case).npv
    inputs = _inputs(case)
    items: list[SensitivityItem] = []
    for key, label, value, _, scaler in inputs:
        low = _npv_with(case, scaler, 1 - percent)
        high = _npv_with(case, scaler, 1 + percent)
        factor = _break_even_factor(case, scaler, base)
        items.append(
            SensitivityItem(
                key,
                label,
                value,
                low,
                high,
                abs(high - low),
                factor,
                value * factor if value is not None and factor is not None else None,
            )
        )
    items.sort(key=lambda i: -i.swing)
    # Most uncertain: the stated uncertainty that moves the NPV most; else the widest swing.
    stated: list[tuple[float, str, float]] = []
    for key, _, _, u, scaler in inputs:
        if u is not None and u > 0:
            impact = abs(_npv_with(case, scaler, 1 + u) - _npv_with(case, scaler, max(1 - u, 0.0)))
            stated.append((impact, key, u))
    chosen: str | None = None
    reason = ""
    if stated:
        impact, chosen, u = max(stated)
        reason = f"its stated uncertainty (±{u:.0%}) moves the NPV most ({impact:,.0f})"
    elif items and items[0].swing > 0:
        chosen = items[0].key
        reason = "widest swing in the tornado"
    break_even = None
    if chosen is not None:
        item = next(i for i in items if i.key == chosen)
        break_even = BreakEven(
            item.key,
            item.label,
            reason,
            item.base_value,
            item.break_even_factor,
            item.break_even_value,
        )
    return Sensitivity(percent, base, items, break_even)


def _break_even_factor(case: Case, scaler: Scaler, base: float) -> float | None:
    """The factor on the input that makes NPV = 0, searched in [0, 20]."""
    lo, hi = 0.0, 1.0
    f_lo, f_hi = _npv_with(case, scaler, lo), base
    if f_lo * f_hi > 0:
        lo, f_lo = 1.0, base
        hi = 20.0
        f_hi = _npv_with(case, scaler, hi)
        if f_lo * f_hi > 0:
            return None
    # NPV is linear in most inputs: try the straight line first, then bisect.
    if f_hi != f_lo:
        guess = lo - f_lo * (hi - lo) / (f_hi - f_lo)
        if abs(_npv_with(case, scaler, guess)) <= 1e-6 * max(1.0, abs(base)):
            return guess
    for _ in range(80):
        mid = (lo + hi) / 2
        f_mid = _npv_with(case, scaler, mid)
        if f_mid == 0 or hi - lo < 1e-10:
            return mid
        if (f_mid > 0) == (f_lo > 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    return (lo + hi) / 2


# --- stakeholders, prerequisites, risks, realisation --------------------------------------------


def mendelow(power: Level, interest: Level) -> str:
    """Mendelow's strategy: only `high` counts as high on each axis."""
    if power == "high":
        return "manage-closely" if interest == "high" else "keep-satisfied"
    return "keep-informed" if interest == "high" else "monitor"


def _stakeholder(s: Stakeholder) -> StakeholderRow:
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


_LEVEL = {"low": 1, "medium": 2, "high": 3}


def _linked_prerequisites(section: Benefits, benefit: Benefit) -> list[str]:
    ids = list(benefit.prerequisites)
    ids += [p.id for p in section.prerequisites if benefit.id in p.benefits and p.id not in ids]
    return ids


def _calendar(case: Case, t: int) -> int | None:
    return case.settings.start_year + t if case.settings.start_year is not None else None


def _realisation(case: Case, b: Benefit, amount: float | None) -> RealisationRow | None:
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


def _co_financing(
    case: Case, section: Benefits, cf: CashFlow, money: dict[str, float]
) -> CoFinancing | None:
    share = section.co_financing_share
    if share is None:
        return None
    rate = cf.rate
    cash = [
        b
        for b in section.benefits
        if b.category == "cash-releasing" and b.in_total and b.id in money
    ]
    cuts: list[float] = []
    grants: list[float] = []
    for row in cf.years:
        internal = sum(
            (-1 if b.dis_benefit else 1) * money[b.id] * ramp_share(b, row.t) for b in cash
        )
        cuts.append(share * max(internal - row.running, 0.0))
        grants.append(0.5 * row.investment)
    investment = sum(c.amount for c in section.costs if c.kind == "investment")
    eligible = (
        DIGDIR_MIN <= investment <= DIGDIR_MAX
        if case.settings.effective_currency == "NOK"
        else None
    )
    cut_pv = npv(rate, cuts)
    return CoFinancing(
        share=share,
        investment_total=investment,
        eligible_size=eligible,
        max_grant=0.5 * investment,
        yearly_budget_cut=cuts,
        budget_cut_total=sum(cuts),
        budget_cut_pv=cut_pv,
        agency_npv=cf.npv + npv(rate, grants) - cut_pv,
    )


def _alternatives(
    case: Case, section: Benefits, figures: dict[str, BenefitFigure], money: dict[str, float]
) -> list[AlternativeResult]:
    s = case.settings
    lang = s.effective_language
    baseline_variant = next(
        (b.derived_from.baseline for b in section.benefits if b.derived_from is not None), None
    )
    baseline_process = next(
        (b.derived_from.process for b in section.benefits if b.derived_from is not None), None
    )
    results = [
        AlternativeResult(
            id="zero",
            name=ZERO_NAME.get(lang, ZERO_NAME["en"]),
            process=baseline_process,
            variant=baseline_variant,
            npv=0.0,
            benefits_pv=0.0,
            costs_pv=0.0,
            payback_year=None,
            fte=0.0,
            amount_per_year=0.0,
            non_monetised=[],
            risk="low",
        )
    ]
    values = _values(section)
    cache: MetricsCache = {}
    for alt in section.alternatives:
        chosen = [b for b in section.benefits if b.id in alt.benefits]
        costs = [c for c in section.costs if c.id in alt.costs]
        alt_money = {b.id: money[b.id] for b in chosen if b.id in money}
        alt_fte = {b.id: figures[b.id].fte or 0.0 for b in chosen}
        # An alternative linked to a variant computes its derived benefits against that variant.
        for b in chosen:
            d = b.derived_from
            if d is None or not alt.variant or d.process != (alt.process or d.process):
                continue
            if d.target == alt.variant:
                continue
            own = b.model_copy(
                update={"derived_from": d.model_copy(update={"target": alt.variant})}
            )
            computed = _compute(case, own, values, cache)
            alt_fte[b.id] = computed.fte or 0.0
            if _monetised(b) and computed.amount is not None:
                alt_money[b.id] = computed.amount
        cf = cash_flow(
            alt_money, chosen, costs, s.effective_discount_rate, s.analysis_years, s.start_year
        )
        results.append(
            AlternativeResult(
                id=alt.id,
                name=alt.label,
                process=alt.process,
                variant=alt.variant,
                npv=cf.npv,
                benefits_pv=cf.benefits_pv,
                costs_pv=cf.costs_pv,
                payback_year=cf.payback_year,
                fte=sum(alt_fte[b.id] for b in chosen if not b.dis_benefit),
                amount_per_year=sum(
                    (-1 if b.dis_benefit else 1) * alt_money.get(b.id, 0.0) for b in chosen
                ),
                non_monetised=[
                    *([alt.non_monetised] if alt.non_monetised else []),
                    *(
                        ("− " if b.dis_benefit else "+ ") + b.label
                        for b in chosen
                        if not _monetised(b)
                    ),
                ],
                risk=alt.risk,
            )
        )
    for rank, r in enumerate(sorted(results, key=lambda r: -r.npv), 1):
        r.rank = rank
    return results


def _benefit_map(case: Case, section: Benefits) -> dict[str, Any]:
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
                "prerequisites": _linked_prerequisites(section, b),
            }
            for b in section.benefits
        ],
        "goals": [{"id": g, "name": names.get(g, g)} for g in sorted(goals)],
        "prerequisites": [
            {"id": p.id, "name": p.label, "status": p.status} for p in section.prerequisites
        ],
    }


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
    section = _section(case)
    today = today or dt.date.today()
    values = _values(section)
    s = case.settings
    prereq = {p.id: p for p in section.prerequisites}
    figures: dict[str, BenefitFigure] = {}
    money: dict[str, float] = {}
    warnings: list[str] = []
    cache: MetricsCache = {}
    for b in section.benefits:
        computed = _compute(case, b, values, cache)
        linked = _linked_prerequisites(section, b)
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
        if _monetised(b) and computed.amount is None:
            flags.append("no-amount")
            warnings.append(f"benefit '{b.id}' is {b.category} but has no amount per year")
        if not b.owner:
            flags.append("no-owner")
        if _monetised(b) and computed.amount is not None:
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
        section.costs,
        s.effective_discount_rate,
        s.analysis_years,
        s.start_year,
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
            "present_value": sum(r.costs[c.id] * r.discount_factor for r in cf.years),
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
        alternatives=_alternatives(case, section, figures, money),
        co_financing=_co_financing(case, section, cf, money),
        sensitivity=sensitivity(case, sensitivity_percent),
        stakeholders=[_stakeholder(x) for x in section.stakeholders],
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
                score=_LEVEL[r.probability] * _LEVEL[r.impact],
                mitigation=r.mitigation,
                owner=r.owner,
                benefits=list(r.benefits),
            )
            for r in section.risks
        ],
        realisation=[
            row
            for b in section.benefits
            if (row := _realisation(case, b, money.get(b.id))) is not None
        ],
        benefit_map=_benefit_map(case, section),
        warnings=warnings,
    )
