"""What a case report holds: vision and goals, the processes with their swimlanes and figures, the
benefits case with NPV and sensitivity, stakeholders, prerequisites and risks, and the approval
status of each process. Every figure comes from the core; this module only picks and formats."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from verksam.model import Case as CaseModel
from verksam.web.approval.services import records_of_case
from verksam.web.cases.choices import CHOICE_LABELS
from verksam.web.cases.diagrams import Drawn, draw
from verksam.web.cases.models import Case
from verksam.web.cases.pages import Diagram
from verksam.web.evaluation.content import evaluation_context
from verksam.web.indicators.views import indicator_rows
from verksam.web.words.analysis import analysis_error_words
from verksam.web.workbench import charts
from verksam.web.workbench.views import FIGURE_LABELS, SHARES


@dataclass
class VariantPart:
    name: str
    kind: str
    drawing: Drawn
    steps: list[dict[str, str]]


@dataclass
class ProcessPart:
    id: str
    name: str
    description: str
    variants: list[VariantPart] = field(default_factory=list)
    figures: list[dict[str, str]] = field(default_factory=list)
    compared: tuple[str, str] = ("", "")
    error: str = ""


def _label(value: str) -> str:
    return str(CHOICE_LABELS.get(value, value))


def _number(value: float | None, decimals: int = 2) -> str:
    return "–" if value is None else charts.fmt(value, decimals)


def _figure(key: str, value: float | None, currency: str) -> str:
    if value is None:
        return "–"
    if key.split(".")[0] in SHARES:
        return f"{charts.fmt(100 * value, 1)} %"
    if key.startswith("cost"):
        return f"{charts.fmt(value, 0)} {currency}"
    whole = (
        key.startswith("volume") and float(value).is_integer()
    )  # cases per year: 260, not 260,00
    return charts.fmt(value, 0 if whole else 2)


def goals(model: CaseModel) -> list[dict[str, str]]:
    if model.vision is None:
        return []
    return [
        {"name": g.label, "level": _label(g.level), "indicator": g.indicator,
         "baseline": _number(g.baseline) if g.baseline is not None else "",
         "target": _number(g.target) if g.target is not None else "", "unit": g.unit,
         "deadline": g.deadline.isoformat() if g.deadline else "", "description": g.description}
        for g in model.vision.goals
    ]  # fmt: skip


def processes(model: CaseModel) -> list[ProcessPart]:
    """Each process with the swimlane and steps of every variant, and its as-is/to-be figures."""
    from verksam.analysis import AnalysisError, compare_variants

    currency = model.settings.effective_currency if model.settings else ""
    roles = {r.id: r.label for r in model.structure.roles} if model.structure else {}
    parts = []
    for process in model.processes:
        part = ProcessPart(process.id, process.label, process.description)
        for variant in process.variants:
            lanes = {lane.id: lane.label for lane in variant.lanes}
            steps = [
                {"name": n.label, "lane": lanes.get(n.lane or "", ""),
                 "minutes": _number(n.touch_minutes, 1)}
                for n in variant.nodes if n.type == "task"
            ]  # fmt: skip
            diagram = Diagram("swimlane", variant.label, id=process.id, variant=variant.id)
            part.variants.append(
                VariantPart(variant.label, _label(variant.kind), draw(model, diagram), steps)
            )
        kinds = {v.kind: v for v in reversed(process.variants)}
        a, b = kinds.get("as-is"), kinds.get("to-be")
        if a is None and process.variants:
            a = process.variants[0]
        try:
            if a is not None and b is not None and a.id != b.id:
                comparison = compare_variants(model, process.id, a.id, b.id)
                part.compared = (a.label, b.label)
                for f in comparison.figures:
                    head, _sep, role = f.key.partition(".")
                    label = str(FIGURE_LABELS.get(head, head))
                    if role:
                        label += ": " + (_("total") if role == "total" else roles.get(role, role))
                    part.figures.append(
                        {"label": label, "a": _figure(f.key, f.a, currency),
                         "b": _figure(f.key, f.b, currency),
                         "difference": _figure(f.key, f.difference, currency)}
                    )  # fmt: skip
        except AnalysisError as exc:
            part.error = analysis_error_words(exc, model.model_dump(mode="json", exclude_none=True))
        parts.append(part)
    return parts


def benefits(model: CaseModel) -> dict[str, Any] | None:
    """The benefits case (NPV, present values, payback, cash flow, sensitivity), or None."""
    from verksam.benefits import BenefitsError, benefits_report

    if model.benefits is None or not (model.benefits.benefits or model.benefits.costs):
        return None
    try:
        report = benefits_report(model)
    except BenefitsError as exc:
        return {"error": str(exc)}
    raw = report.to_json()
    data = json.loads(raw) if isinstance(raw, str) else raw
    by_t = {y["t"]: y["year"] for y in data["years"]}
    items = data["sensitivity"]["items"][:10]
    tornado: SafeString = charts.tornado(
        _("Net present value when one input is lower or higher"), data["sensitivity"]["base_npv"],
        [(i["label"], i["npv_low"], i["npv_high"]) for i in items],
    )  # fmt: skip
    return {
        "currency": data["currency"],
        "npv": charts.fmt(data["npv"], 0),
        "benefits_pv": charts.fmt(data["benefits_pv"], 0),
        "costs_pv": charts.fmt(data["costs_pv"], 0),
        "discount": f"{charts.fmt(100 * data['discount_rate'], 1)} %",
        "payback": None if data["payback_year"] is None else by_t.get(data["payback_year"]),
        "register": [
            {
                "name": b["name"],
                "category": _label(b["category"]),
                "fte": "–" if b.get("fte") is None else charts.fmt(b["fte"], 2),
                "amount": "–"
                if b.get("amount_per_year") is None
                else charts.fmt(b["amount_per_year"], 0),
            }
            for b in data["benefits"]
        ],
        "years": [
            {
                "year": y["year"],
                "benefits": charts.fmt(y["benefits_total"], 0),
                "costs": charts.fmt(y["costs_total"], 0),
                "net": charts.fmt(y["net"], 0),
                "pv": charts.fmt(y["present_value"], 0),
            }
            for y in data["years"]
        ],
        "sensitivity_percent": charts.fmt(100 * data["sensitivity"]["percent"], 0),
        "tornado": tornado,
        "sensitivity": [
            {
                "label": i["label"],
                "low": charts.fmt(i["npv_low"], 0),
                "high": charts.fmt(i["npv_high"], 0),
            }
            for i in items
        ],
    }


def report_context(case: Case, model: CaseModel, *, run_simulations: bool) -> dict[str, Any]:
    """Everything the report template shows, in the current language. With `run_simulations`
    (only in a background job), variants never simulated get a short seeded run."""
    from verksam.web.report.simulation import simulation_part

    b = model.benefits
    return {
        "simulation": simulation_part(case, model, run_missing=run_simulations),
        "case": case,
        "model": model,
        "statement": model.vision.statement if model.vision else "",
        "goals": goals(model),
        "problems": [p.label for p in model.vision.problems] if model.vision else [],
        "processes": processes(model),
        "benefits": benefits(model),
        "indicators": indicator_rows(model),
        "evaluation": evaluation_context(model),
        "stakeholders": [
            {
                "name": s.label,
                "power": _label(s.power),
                "interest": _label(s.interest),
                "attitude": _label(s.attitude),
                "concerns": s.concerns,
            }
            for s in (b.stakeholders if b else [])
        ],
        "prerequisites": [
            {
                "name": p.label,
                "owner": p.owner,
                "due": p.due.isoformat() if p.due else "",
                "status": _label(p.status),
            }
            for p in (b.prerequisites if b else [])
        ],
        "risks": [
            {
                "name": r.label,
                "probability": _label(r.probability),
                "impact": _label(r.impact),
                "mitigation": r.mitigation,
            }
            for r in (b.risks if b else [])
        ],
        "approvals": [
            {"name": name, "record": record} for _pid, name, record in records_of_case(case)
        ],
    }
