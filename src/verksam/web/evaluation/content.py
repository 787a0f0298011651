"""What the evaluation pages and the case report show: the ranking with fit, benefit and cost side
by side, a chart of each candidate's weighted score by criterion, and every weight's interval in
words — all in the current language. Every figure comes from `verksam.evaluation`."""

from __future__ import annotations

from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from verksam.evaluation import EvaluationOverview, WeightRange, overview
from verksam.evaluation.ranking import criterion_weight
from verksam.model import Case as CaseModel
from verksam.web.workbench.charts import FONT, TEXT, WIDTH, fmt

PRIORITY = {
    "must": pgettext_lazy("requirement", "Must"),
    "should": pgettext_lazy("requirement", "Should"),
}
KIND = {
    "buy": gettext_lazy("Buy a system"),
    "extend": gettext_lazy("Extend a system we have"),
    "build": gettext_lazy("Build in-house"),
    "do-nothing": gettext_lazy("Do nothing (keep today's way of working)"),
    "other": gettext_lazy("Other solution"),
}
RISK = {"low": gettext_lazy("low"), "medium": gettext_lazy("medium"), "high": gettext_lazy("high")}
# colour-blind-safe (Okabe–Ito), dark enough for white gaps between the parts of a bar
PALETTE = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#56b4e9", "#e69f00", "#000000"]
FAILED = "#8a8f96"


def number(value: float | None, decimals: int = 0) -> str:
    return "–" if value is None else fmt(value, decimals)


def weight(value: float) -> str:
    """A weight as people write it: 3, 1,75, 0,33."""
    rounded = round(value, 2)
    return fmt(rounded, 0 if rounded == int(rounded) else 2)


def range_in_words(item: WeightRange, view: EvaluationOverview) -> str:
    """How far one weight may move, in a sentence of the current language."""
    top = view.name_of(view.ranking.top)
    what = (
        _("The weight of the criterion “%(name)s”") if item.kind == "criterion"
        else _("The weight of the requirement “%(name)s”")
    ) % {"name": item.name}  # fmt: skip
    now = weight(item.weight)
    if item.lower is not None:
        change = (item.lower - item.weight) / item.weight if item.weight else 0.0
        down = _(
            "can be lowered from %(now)s to %(low)s (−%(change)s %%) before %(other)s goes ahead "
            "of %(top)s"
        ) % {"now": now, "low": weight(item.lower), "change": fmt(abs(100 * change), 0),
             "other": view.name_of(item.lower_by), "top": top}  # fmt: skip
    else:
        down = _("can be lowered from %(now)s to 0 without %(top)s losing first place") % {
            "now": now, "top": top,
        }  # fmt: skip
    if item.upper is not None:
        change = (item.upper - item.weight) / item.weight if item.weight else 0.0
        up = _(
            "raised to %(high)s (+%(change)s %%) before %(other)s goes ahead of %(top)s"
        ) % {"high": weight(item.upper), "change": fmt(100 * change, 0),
             "other": view.name_of(item.upper_by), "top": top}  # fmt: skip
    else:
        up = _("raised as much as you like without changing who is first")
    return _("%(what)s %(down)s, and %(up)s.") % {"what": what, "down": down, "up": up}


def chart(view: EvaluationOverview, model: CaseModel, title: str) -> SafeString:
    """Each candidate's weighted score as a bar split by criterion, on the scale of the best
    possible score; a candidate failing a must-requirement is drawn grey and says so."""
    evaluation = model.evaluation
    assert evaluation is not None
    groups: list[tuple[str | None, str]] = [(c.id, c.label) for c in evaluation.criteria]
    if any(r.criterion is None or r.criterion not in {c.id for c in evaluation.criteria}
           for r in evaluation.requirements):  # fmt: skip
        groups.append((None, _("Requirements without a criterion")))
    known = {c.id for c in evaluation.criteria}
    most = view.ranking.total_weight * view.ranking.scale_max or 1.0
    label_w, row_h, top = 250, 34, 10
    span = WIDTH - label_w - 80
    legend_h = 22 * len(groups) + 10
    height = top + row_h * max(len(view.candidates), 1) + 30 + legend_h
    body = []
    for i, cand in enumerate(view.candidates):
        y = top + i * row_h
        x = float(label_w)
        name = cand.name if len(cand.name) <= 36 else cand.name[:35] + "…"
        body.append(f'<text x="{label_w - 8}" y="{y + 21}" text-anchor="end" fill="{TEXT}">'
                    f"{escape(name)}</text>")  # fmt: skip
        for g, (gid, _label) in enumerate(groups):
            part = 0.0
            for r in evaluation.requirements:
                in_group = r.criterion == gid if gid is not None else r.criterion not in known
                score = cand.result.scores.get(r.id)
                if in_group and score is not None:
                    part += float(criterion_weight(evaluation, r)) * r.weight * score
            w = span * part / most
            if w <= 0:
                continue
            colour = FAILED if not cand.result.qualified else PALETTE[g % len(PALETTE)]
            body.append(f'<rect x="{x:.1f}" y="{y + 6}" width="{w:.1f}" height="{row_h - 12}" '
                        f'fill="{colour}" stroke="#ffffff" stroke-width="1"/>')  # fmt: skip
            x += w
        text = f"{fmt(100 * cand.result.fit, 0)} %"
        if not cand.result.qualified:
            text += " – " + _("fails a must-requirement")
        body.append(f'<text x="{x + 6:.1f}" y="{y + 21}" fill="{TEXT}">{escape(text)}</text>')
    axis_y = top + row_h * max(len(view.candidates), 1) + 4
    body.append(f'<line x1="{label_w}" x2="{label_w + span}" y1="{axis_y}" y2="{axis_y}" '
                f'stroke="{TEXT}"/>')  # fmt: skip
    for tick in (0, 25, 50, 75, 100):
        tx = label_w + span * tick / 100
        body.append(f'<text x="{tx:.1f}" y="{axis_y + 16}" text-anchor="middle" fill="{TEXT}">'
                    f"{tick} %</text>")  # fmt: skip
    for g, (_gid, label) in enumerate(groups):
        ly = axis_y + 30 + 22 * g
        body.append(f'<rect x="{label_w}" y="{ly}" width="14" height="14" '
                    f'fill="{PALETTE[g % len(PALETTE)]}"/><text x="{label_w + 20}" y="{ly + 12}" '
                    f'fill="{TEXT}">{escape(label)}</text>')  # fmt: skip
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" role="img" aria-label="{escape(title)}" {FONT}>'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def evaluation_context(model: CaseModel) -> dict[str, Any] | None:
    """The ranking, side by side figures, sentences and chart; None without an evaluation."""
    if model.evaluation is None:
        return None
    view = overview(model)
    names = {r.id: r.name for r in view.requirements}
    rows = []
    for c in view.candidates:
        r = c.result
        rows.append({
            "name": c.name, "kind": KIND.get(r.kind, r.kind), "description": c.description,
            "rank": r.rank, "qualified": r.qualified,
            "fit": f"{fmt(100 * r.fit, 0)} %", "total": number(r.total, 1),
            "failed": [names[f] for f in r.failed], "missing": len(r.missing),
            "variant": f"{c.process}: {c.variant}" if c.variant else "",
            "alternative": c.alternative,
            "npv": number(c.npv), "fte": number(c.fte, 2), "costs_pv": number(c.costs_pv),
            "investment": number(c.investment), "running": number(c.running_per_year),
            "lead_hours": number(c.lead_hours, 1),
            "workload": number(c.workload_hours, 0),
            "risk": RISK.get(c.risk, c.risk) if c.risk else "",
        })  # fmt: skip
    ranking = view.ranking
    if ranking.tied:
        verdict = _("%(names)s share first place; the weights decide nothing between them.") % {
            "names": ", ".join(view.name_of(t) for t in ranking.tied)
        }
    elif ranking.top is None:
        verdict = _("No candidate meets every must-requirement.") if view.candidates else ""
    else:
        verdict = _("%(name)s comes first.") % {"name": view.name_of(ranking.top)}
    sentences = [range_in_words(item, view) for item in ranking.sensitivity]
    tight = [item for item in ranking.sensitivity if not item.robust]
    title = _("Weighted score of each candidate, by criterion, as a share of the best possible")
    return {
        "view": view,
        "name": view.name,
        "description": view.description,
        "currency": view.currency,
        "rows": rows,
        "verdict": verdict,
        "sentences": sentences,
        "sensitivity": [
            {
                "name": item.name,
                "kind": _("criterion") if item.kind == "criterion" else _("requirement"),
                "weight": weight(item.weight),
                "lower": "0" if item.lower is None else weight(item.lower),
                "upper": _("no limit") if item.upper is None else weight(item.upper),
                "who": ", ".join(
                    sorted({view.name_of(x) for x in (item.lower_by, item.upper_by) if x})
                ),
                "sentence": sentence,
            }
            for item, sentence in zip(ranking.sensitivity, sentences, strict=True)
        ],
        "tight": len(tight),
        "chart": chart(view, model, title) if view.candidates else "",
        "chart_title": title,
        "requirements": [
            {
                "name": r.name,
                "description": r.description,
                "priority": PRIORITY[r.priority],
                "criterion": r.criterion,
                "weight": weight(r.weight),
                "effective": weight(r.effective_weight),
                "goals": r.goals,
                "effects": r.effects,
                "steps": r.steps,
                "verification": r.verification,
            }
            for r in view.requirements
        ],
        "scale_max": ranking.scale_max,
        "must_pass": weight(ranking.must_pass),
        "problems": view.problems,
    }
