"""Benefits computed from process variants, with each figure explained step by step in words.

A derived benefit compares the workload of a baseline variant (as-is) with a target variant
(to-be) through `verksam.analysis`: volumes × times → hours → FTE → money. The explanation is a
list of steps, each a message code with parameters (so the web app can translate it) and its text
in the case's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from verksam.analysis import AnalysisError, VariantMetrics, analyze
from verksam.benefits.formula import BenefitsError, evaluate, formula_key
from verksam.model.benefits import Benefit, Derivation
from verksam.model.case import Case

# Templates per language; parameters are formatted numbers and names.
STEPS: dict[str, dict[str, str]] = {
    "workload": {
        "en": "{variant}: {volume} cases a year × {minutes} minutes of work per case = {hours} hours a year",
        "nb": "{variant}: {volume} saker i året × {minutes} minutter arbeid per sak = {hours} timer i året",
        "sv": "{variant}: {volume} ärenden per år × {minutes} minuters arbete per ärende = {hours} timmar per år",
    },
    "activity": {
        "en": "  {activity}: {volume} × {visits} times per case × {minutes} min = {hours} h",
        "nb": "  {activity}: {volume} × {visits} ganger per sak × {minutes} min = {hours} t",
        "sv": "  {activity}: {volume} × {visits} gånger per ärende × {minutes} min = {hours} h",
    },
    "freed-hours": {
        "en": "Hours freed: {before} − {after} = {hours} hours a year",
        "nb": "Frigjorte timer: {before} − {after} = {hours} timer i året",
        "sv": "Frigjorda timmar: {before} − {after} = {hours} timmar per år",
    },
    "fte": {
        "en": "FTE freed: {hours} hours ÷ {hours_per_fte} hours per FTE = {fte} FTE",
        "nb": "Frigjorte årsverk: {hours} timer ÷ {hours_per_fte} timer per årsverk = {fte} årsverk",
        "sv": "Frigjorda årsarbetare: {hours} timmar ÷ {hours_per_fte} timmar per årsarbetare = {fte} årsarbetare",
    },
    "value-fte": {
        "en": "In money: {fte} FTE × {value} {currency} ({assumption}) = {amount} {currency} a year",
        "nb": "I kroner: {fte} årsverk × {value} {currency} ({assumption}) = {amount} {currency} i året",
        "sv": "I kronor: {fte} årsarbetare × {value} {currency} ({assumption}) = {amount} {currency} per år",
    },
    "cost": {
        "en": "Cost per year at each role's cost per hour: {before} − {after} = {amount} {currency}",
        "nb": "Kostnad per år med rollenes timekostnad: {before} − {after} = {amount} {currency}",
        "sv": "Kostnad per år med rollernas timkostnad: {before} − {after} = {amount} {currency}",
    },
    "executions": {
        "en": "{variant}: {volume} cases a year × {visits} times per case = {count} × '{activity}' a year",
        "nb": "{variant}: {volume} saker i året × {visits} ganger per sak = {count} × «{activity}» i året",
        "sv": "{variant}: {volume} ärenden per år × {visits} gånger per ärende = {count} × ”{activity}” per år",
    },
    "fewer": {
        "en": "Fewer: {before} − {after} = {count} a year",
        "nb": "Færre: {before} − {after} = {count} i året",
        "sv": "Färre: {before} − {after} = {count} per år",
    },
    "value-unit": {
        "en": "In money: {count} × {value} {currency} ({formula}) = {amount} {currency} a year",
        "nb": "I kroner: {count} × {value} {currency} ({formula}) = {amount} {currency} i året",
        "sv": "I kronor: {count} × {value} {currency} ({formula}) = {amount} {currency} per år",
    },
    "formula": {
        "en": "{formula} = {amount} {currency} a year",
        "nb": "{formula} = {amount} {currency} i året",
        "sv": "{formula} = {amount} {currency} per år",
    },
    "roles": {
        "en": "Only the work of: {roles}",
        "nb": "Bare arbeidet til: {roles}",
        "sv": "Bara arbetet för: {roles}",
    },
}


def number(value: float, language: str = "en", decimals: int | None = None) -> str:
    """A number as a reader expects it: thin-space thousands, comma decimals in nb/sv."""
    if decimals is None:
        decimals = 0 if abs(value) >= 100 else 2 if abs(value) < 10 else 1
    text = f"{value:,.{decimals}f}"
    if language in ("nb", "sv"):
        return text.replace(",", "\u00a0").replace(".", ",")
    return text.replace(",", "\u00a0")


@dataclass(frozen=True)
class Step:
    """One step of an explanation: a message code, its parameters and the rendered text."""

    code: str
    params: dict[str, str]
    text: str


def step(code: str, language: str, **params: str) -> Step:
    template = STEPS[code].get(language) or STEPS[code]["en"]
    return Step(code, params, template.format(**params))


@dataclass
class Derived:
    """The figures of a derived benefit (per year) and how they were reached."""

    fte: float | None = None
    hours: float | None = None
    count: float | None = None
    amount: float | None = None
    steps: list[Step] = field(default_factory=list)
    baseline: dict[str, Any] = field(default_factory=dict)
    target: dict[str, Any] = field(default_factory=dict)


MetricsCache = dict[tuple[str, str], VariantMetrics]


def _metrics(
    case: Case, d: Derivation, variant: str, benefit: Benefit, cache: MetricsCache | None
) -> VariantMetrics:
    if cache is not None and (d.process, variant) in cache:
        return cache[(d.process, variant)]
    try:
        metrics = analyze(case, d.process, variant)
        if cache is not None:
            cache[(d.process, variant)] = metrics
        return metrics
    except AnalysisError as exc:
        raise BenefitsError(
            f"benefit '{benefit.id}': derived from process '{d.process}' variant '{variant}': "
            f"{exc}",
            benefit.id,
        ) from None


def _hours(m: VariantMetrics, roles: list[str]) -> float:
    if not roles:
        return m.total_workload_hours
    return sum(h for r, h in m.workload_hours.items() if r in roles)


def _cost(m: VariantMetrics, roles: list[str]) -> float:
    if not roles:
        return m.cost["total"]
    return sum(c for r, c in m.cost.items() if r in roles)


def derive(
    case: Case, benefit: Benefit, values: dict[str, float], cache: MetricsCache | None = None
) -> Derived:
    """Compute a benefit from its `derived_from` process change.

    `cache` shares the analysis of each (process, variant) between the benefits of one case.
    Raises BenefitsError naming the benefit when the process, a variant, the activity or an
    assumption is missing, or the process cannot be analysed.
    """
    d = benefit.derived_from
    assert d is not None
    lang = case.settings.effective_language
    cur = case.settings.effective_currency
    hpf = case.settings.effective_hours_per_fte
    a = _metrics(case, d, d.baseline, benefit, cache)
    b = _metrics(case, d, d.target, benefit, cache)
    out = Derived()

    def n(value: float, decimals: int | None = None) -> str:
        return number(value, lang, decimals)

    def value_per_unit(quantity: float, formula: str) -> None:
        """Value `quantity` units (letters, hours) at `formula` each, as an explained step."""
        unit = evaluate(formula, values, benefit.id)
        out.amount = quantity * unit
        out.steps.append(
            step(
                "value-unit",
                lang,
                count=n(quantity, 0),
                value=n(unit, 2),
                formula=formula_text(formula, values, lang),
                amount=n(out.amount, 0),
                currency=cur,
            )
        )

    if d.roles:
        names = []
        for role_id in d.roles:
            role = case.role(role_id)
            names.append(role.label if role else role_id)
        out.steps.append(step("roles", lang, roles=", ".join(names)))

    if d.measure == "visits":
        if not d.activity:
            raise BenefitsError(
                f"benefit '{benefit.id}': measure 'visits' needs the activity to count",
                benefit.id,
            )
        counts = []
        for m in (a, b):
            if d.activity not in m.visits and not any(
                node.id == d.activity
                for node in case.process(d.process).variant(m.variant_id).nodes
            ):
                raise BenefitsError(
                    f"benefit '{benefit.id}': variant '{m.variant_id}' has no activity "
                    f"'{d.activity}'",
                    benefit.id,
                )
            visits = m.visits.get(d.activity, 0.0)
            count = m.volume_per_year * visits
            counts.append(count)
            name = _node_name(case, d.process, m.variant_id, d.activity)
            out.steps.append(
                step(
                    "executions",
                    lang,
                    variant=m.variant_name,
                    volume=n(m.volume_per_year, 0),
                    visits=n(visits, 3),
                    count=n(count, 0),
                    activity=name,
                )
            )
        out.count = counts[0] - counts[1]
        out.steps.append(
            step(
                "fewer", lang, before=n(counts[0], 0), after=n(counts[1], 0), count=n(out.count, 0)
            )
        )
        if d.value_formula:
            value_per_unit(out.count, d.value_formula)
        out.baseline = {"variant": a.variant_id, "count": counts[0]}
        out.target = {"variant": b.variant_id, "count": counts[1]}
        return out

    hours = []
    for m in (a, b):
        h = _hours(m, d.roles)
        hours.append(h)
        minutes = h / m.volume_per_year * 60 if m.volume_per_year else 0.0
        out.steps.append(
            step(
                "workload",
                lang,
                variant=m.variant_name,
                volume=n(m.volume_per_year, 0),
                minutes=n(minutes, 2),
                hours=n(h, 0),
            )
        )
        for act in m.activities:
            if act.workload_hours <= 0 or (d.roles and act.role not in d.roles):
                continue
            out.steps.append(
                step(
                    "activity",
                    lang,
                    activity=act.name,
                    volume=n(m.volume_per_year, 0),
                    visits=n(act.visits, 3),
                    minutes=n(act.touch_minutes, 1),
                    hours=n(act.workload_hours, 0),
                )
            )
    out.hours = hours[0] - hours[1]
    out.fte = out.hours / hpf
    out.steps.append(
        step(
            "freed-hours", lang, before=n(hours[0], 0), after=n(hours[1], 0), hours=n(out.hours, 0)
        )
    )
    out.steps.append(
        step("fte", lang, hours=n(out.hours, 0), hours_per_fte=n(hpf, 0), fte=n(out.fte, 2))
    )
    out.baseline = {"variant": a.variant_id, "hours": hours[0], "fte": hours[0] / hpf}
    out.target = {"variant": b.variant_id, "hours": hours[1], "fte": hours[1] / hpf}

    if d.measure == "cost":
        before, after = _cost(a, d.roles), _cost(b, d.roles)
        out.amount = before - after
        out.steps.append(
            step(
                "cost",
                lang,
                before=n(before, 0),
                after=n(after, 0),
                amount=n(out.amount, 0),
                currency=cur,
            )
        )
        return out
    if d.measure == "hours" and d.value_formula:
        value_per_unit(out.hours, d.value_formula)
    elif d.value_formula or d.value_per_fte:
        unit_formula = d.value_formula or d.value_per_fte or ""
        unit = evaluate(unit_formula, values, benefit.id)
        out.amount = out.fte * unit
        out.steps.append(
            step(
                "value-fte",
                lang,
                fte=n(out.fte, 2),
                value=n(unit, 0),
                assumption=_assumption_text(case, unit_formula, values, lang),
                amount=n(out.amount, 0),
                currency=cur,
            )
        )
    return out


def _assumption_text(case: Case, formula: str, values: dict[str, float], language: str) -> str:
    """An assumption's name when the formula is just its id, else the formula with its values."""
    for a in case.benefits.assumptions if case.benefits else []:
        if formula.strip() in (a.id, formula_key(a.id)):
            return a.label
    return formula_text(formula, values, language)


def _node_name(case: Case, process: str, variant: str, node_id: str) -> str:
    for node in case.process(process).variant(variant).nodes:
        if node.id == node_id:
            return node.label
    return node_id


def formula_text(formula: str, values: dict[str, float], language: str) -> str:
    """The formula with each assumption's value: `porto_per_brev (12,00) + produksjon_per_brev (3,50)`."""

    def with_value(match: re.Match[str]) -> str:
        name = match.group(0)
        for key, value in values.items():
            if key == name or formula_key(key) == name:
                return f"{name} ({number(value, language, 2 if abs(value) < 100 else 0)})"
        return name

    return re.sub(r"[A-Za-z_][A-Za-z0-9_]*", with_value, formula)
