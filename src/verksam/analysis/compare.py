"""Side-by-side comparison of two variants of one process, or of one kind of process in two cases.

A variant comparison lists every figure with its difference and what changed between the flows
(activities added, removed, moved between lanes, times changed). A cross-organisation comparison
normalises workload, FTE and cost per 1,000 cases so organisations of different size compare.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from verksam.analysis.metrics import TOTAL, VariantMetrics, analyze, find_variant
from verksam.model.case import Case
from verksam.model.process import Node, Variant

PER = 1000.0  # cases in the normalised comparison
SCALARS: tuple[tuple[str, str], ...] = (
    ("volume_per_year", "cases per year"),
    ("touch_hours", "touch time per case (h)"),
    ("waiting_hours", "waiting time per case (h)"),
    ("lead_hours", "lead time per case (h)"),
    ("flow_efficiency", "flow efficiency"),
    ("handoffs", "handoffs per case"),
    ("rework_share", "rework share"),
)


@dataclass
class Exchange:
    """How side b's costs were converted into side a's currency for the comparison."""

    source_currency: str
    target_currency: str
    rate: float  # target units per source unit
    date: str
    case: str  # the case whose settings give the rate


@dataclass
class Figure:
    """One figure side by side: `difference` = b − a, `relative` = difference ÷ a (None when a = 0)."""

    key: str
    label: str
    a: float
    b: float
    difference: float
    relative: float | None


def _figure(key: str, label: str, a: float, b: float) -> Figure:
    diff = b - a
    return Figure(key, label, a, b, diff, diff / a if a else None)


@dataclass
class FlowChange:
    """A difference between two variants' flows.

    kind: `added`, `removed`, `moved` (other lane or role), `touch` (touch minutes per visit),
    `waiting` (waiting hours), `value-adding`, `visits` (expected visits per case), `probability`
    (branch probability of a flow between the same two nodes; `activity` is `source->target`).
    """

    kind: str
    activity: str
    name: str
    a: str | float | None = None
    b: str | float | None = None


@dataclass
class VariantComparison:
    case_id: str
    process_id: str
    a: VariantMetrics
    b: VariantMetrics
    figures: list[Figure]
    changes: list[FlowChange] = field(default_factory=list)

    def figure(self, key: str) -> Figure:
        """The figure with this key (e.g. `fte.total`). Raises KeyError if there is none."""
        for f in self.figures:
            if f.key == key:
                return f
        raise KeyError(key)

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "process_id": self.process_id,
            "a": self.a.variant_id,
            "b": self.b.variant_id,
            "figures": [asdict(f) for f in self.figures],
            "changes": [asdict(c) for c in self.changes],
            "metrics": {"a": self.a.to_dict(), "b": self.b.to_dict()},
        }

    def to_json(self, **kwargs: Any) -> str:
        kwargs.setdefault("ensure_ascii", False)
        kwargs.setdefault("indent", 2)
        return json.dumps(self.to_dict(), **kwargs)


def _by_role_figures(
    a: VariantMetrics, b: VariantMetrics, case: Case, scale_a: float = 1.0, scale_b: float = 1.0
) -> list[Figure]:
    figures: list[Figure] = []
    for attr, what in (("workload_hours", "hours per year"), ("fte", "FTE"), ("cost", "cost")):
        da: dict[str, float] = getattr(a, attr)
        db: dict[str, float] = getattr(b, attr)
        keys = [k for k in da if k != TOTAL] + [k for k in db if k not in da and k != TOTAL]
        for k in keys:
            role = case.role(k)
            label = f"{what}: {role.label if role else k}"
            figures.append(
                _figure(f"{attr}.{k}", label, da.get(k, 0.0) * scale_a, db.get(k, 0.0) * scale_b)
            )
        total_a = da.get(TOTAL, a.total_workload_hours)
        total_b = db.get(TOTAL, b.total_workload_hours)
        figures.append(
            _figure(f"{attr}.{TOTAL}", f"{what}: total", total_a * scale_a, total_b * scale_b)
        )
    return figures


def _changes(va: Variant, vb: Variant, ma: VariantMetrics, mb: VariantMetrics) -> list[FlowChange]:
    def work(variant: Variant) -> dict[str, Node]:
        return {n.id: n for n in variant.nodes if n.type in ("task", "subprocess")}

    na, nb = work(va), work(vb)
    lanes_a = {lane.id: lane for lane in va.lanes}
    lanes_b = {lane.id: lane for lane in vb.lanes}
    changes: list[FlowChange] = []
    for node_id, node in nb.items():
        if node_id not in na:
            changes.append(FlowChange("added", node_id, node.label, None, node.lane))
    for node_id, node in na.items():
        if node_id not in nb:
            changes.append(FlowChange("removed", node_id, node.label, node.lane, None))
    for node_id, old in na.items():
        new = nb.get(node_id)
        if new is None:
            continue
        lane_a = lanes_a.get(old.lane) if old.lane else None
        lane_b = lanes_b.get(new.lane) if new.lane else None
        role_a = lane_a.role if lane_a else None
        role_b = lane_b.role if lane_b else None
        if old.lane != new.lane or role_a != role_b:
            changes.append(
                FlowChange("moved", node_id, new.label, role_a or old.lane, role_b or new.lane)
            )
        if old.touch_minutes != new.touch_minutes:
            changes.append(
                FlowChange("touch", node_id, new.label, old.touch_minutes, new.touch_minutes)
            )
        if old.waiting_hours != new.waiting_hours:
            changes.append(
                FlowChange("waiting", node_id, new.label, old.waiting_hours, new.waiting_hours)
            )
        if old.value_adding != new.value_adding:
            changes.append(
                FlowChange(
                    "value-adding", node_id, new.label, str(old.value_adding), str(new.value_adding)
                )
            )
        visits_a, visits_b = ma.visits.get(node_id, 0.0), mb.visits.get(node_id, 0.0)
        if abs(visits_a - visits_b) > 1e-9:
            changes.append(FlowChange("visits", node_id, new.label, visits_a, visits_b))
    # Branch probabilities (e.g. a channel shift): flows between the same two nodes in both.
    flows_b = {(f.source, f.target): f for f in vb.flows}
    for fa in va.flows:
        fb = flows_b.get((fa.source, fa.target))
        if fb is not None and fa.probability != fb.probability:
            name = fb.name or fa.name or f"{fa.source} → {fa.target}"
            changes.append(
                FlowChange(
                    "probability", f"{fa.source}->{fa.target}", name, fa.probability, fb.probability
                )
            )
    return changes


def compare_variants(case: Case, process_id: str, a: str, b: str) -> VariantComparison:
    """Every figure of variants `a` and `b` side by side, and what changed between their flows.

    Raises AnalysisError as `analyze` does.
    """
    ma = analyze(case, process_id, a)
    mb = analyze(case, process_id, b)
    _, va = find_variant(case, process_id, a)
    _, vb = find_variant(case, process_id, b)
    figures = [_figure(k, label, getattr(ma, k), getattr(mb, k)) for k, label in SCALARS]
    figures += _by_role_figures(ma, mb, case)
    return VariantComparison(case.id, process_id, ma, mb, figures, _changes(va, vb, ma, mb))


@dataclass
class ActivityRow:
    """An activity matched across two processes (by id, else by name): hours per 1,000 cases."""

    a_id: str | None
    b_id: str | None
    name: str
    a_hours_per_1000: float
    b_hours_per_1000: float


@dataclass
class ProcessComparison:
    """Two processes of the same kind side by side, per case and per 1,000 cases."""

    a: VariantMetrics
    b: VariantMetrics
    per_case: list[Figure]
    per_1000_cases: list[Figure]
    roles_a: dict[str, dict[str, float]]
    roles_b: dict[str, dict[str, float]]
    activities: list[ActivityRow]
    notes: list[str] = field(default_factory=list)
    currency: str = ""  # the currency of the compared costs ("" when they are not compared)
    exchange: Exchange | None = None
    messages: list[dict[str, Any]] = field(default_factory=list)  # notes as code + params

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": {
                "case": self.a.case_id,
                "process": self.a.process_id,
                "variant": self.a.variant_id,
            },
            "b": {
                "case": self.b.case_id,
                "process": self.b.process_id,
                "variant": self.b.variant_id,
            },
            "per_case": [asdict(f) for f in self.per_case],
            "per_1000_cases": [asdict(f) for f in self.per_1000_cases],
            "roles_a": self.roles_a,
            "roles_b": self.roles_b,
            "activities": [asdict(r) for r in self.activities],
            "notes": self.notes,
            "currency": self.currency,
            "exchange": asdict(self.exchange) if self.exchange else None,
        }

    def to_json(self, **kwargs: Any) -> str:
        kwargs.setdefault("ensure_ascii", False)
        kwargs.setdefault("indent", 2)
        return json.dumps(self.to_dict(), **kwargs)


def _per_1000(
    m: VariantMetrics, case: Case, cost_factor: float = 1.0
) -> dict[str, dict[str, float]]:
    """Hours, FTE and cost per 1,000 cases by role (labelled with the role's name); costs are
    multiplied by `cost_factor` (an exchange rate)."""
    scale = PER / m.volume_per_year if m.volume_per_year else 0.0
    rows: dict[str, dict[str, float]] = {}
    for k, hours in m.workload_hours.items():
        role = case.role(k)
        rows[role.label if role else k] = {
            "hours": hours * scale,
            "fte": m.fte.get(k, 0.0) * scale,
            "cost": m.cost.get(k, 0.0) * scale * cost_factor,
        }
    return rows


def _exchange(
    ma: VariantMetrics, case_a: Case, mb: VariantMetrics, case_b: Case
) -> Exchange | None:
    """The rate that turns b's costs into a's currency: from a's settings, or b's inverted."""
    own = case_a.settings.rate_for(mb.currency)
    if own is not None:
        return Exchange(mb.currency, ma.currency, own.rate, own.date.isoformat(), case_a.id)
    other = case_b.settings.rate_for(ma.currency)
    if other is not None:
        return Exchange(mb.currency, ma.currency, 1 / other.rate, other.date.isoformat(), case_b.id)
    return None


def compare_processes(
    case_a: Case,
    pid_a: str,
    case_b: Case,
    pid_b: str,
    variant_a: str | None = None,
    variant_b: str | None = None,
) -> ProcessComparison:
    """The same kind of process in two organisations, normalised per 1,000 cases.

    Per-case figures (times, efficiency, handoffs, rework) compare directly; workload, FTE and cost
    are scaled from each variant's own volume to 1,000 cases. Costs in two currencies are compared
    only with an exchange rate from either case's settings (b's costs are converted into a's
    currency); without one the cost figure is left out and a note says why, never netted as if the
    currencies were one. Raises AnalysisError as `analyze`.
    """
    ma = analyze(case_a, pid_a, variant_a)
    mb = analyze(case_b, pid_b, variant_b)
    notes: list[str] = []
    messages: list[dict[str, Any]] = []
    per_case = [_figure(k, label, getattr(ma, k), getattr(mb, k)) for k, label in SCALARS[1:]]
    scale_a = PER / ma.volume_per_year if ma.volume_per_year else 0.0
    scale_b = PER / mb.volume_per_year if mb.volume_per_year else 0.0
    for m, scale in ((ma, scale_a), (mb, scale_b)):
        if not scale:
            notes.append(f"{m.case_id}/{m.process_id}/{m.variant_id} has no volume per year")
            messages.append({"code": "no-volume", "variant": m.variant_name})
    exchange = _exchange(ma, case_a, mb, case_b) if ma.currency != mb.currency else None
    cost_factor = exchange.rate if exchange else 1.0
    costs_compared = ma.currency == mb.currency or exchange is not None
    if exchange is not None:
        notes.append(
            f"costs in {exchange.source_currency} are converted to {exchange.target_currency} at "
            f"{exchange.rate:.4g} {exchange.target_currency} per {exchange.source_currency} "
            f"(rate of {exchange.date}, from the settings of {exchange.case})"
        )
        messages.append({"code": "converted", **asdict(exchange)})
    elif not costs_compared:
        notes.append(
            f"costs are in different currencies ({ma.currency} and {mb.currency}) and neither "
            "case sets an exchange rate: costs are not compared (set one in a case's settings)"
        )
        messages.append({"code": "no-rate", "a": ma.currency, "b": mb.currency})
    if ma.hours_per_fte != mb.hours_per_fte:
        notes.append(
            f"hours per FTE differ ({ma.hours_per_fte:g} and {mb.hours_per_fte:g}); "
            "each side uses its own"
        )
        messages.append({"code": "hours-per-fte", "a": ma.hours_per_fte, "b": mb.hours_per_fte})
    per_1000 = [
        _figure(
            "workload_hours.total",
            "hours per 1,000 cases",
            ma.total_workload_hours * scale_a,
            mb.total_workload_hours * scale_b,
        ),
        _figure(
            "fte.total",
            "FTE per 1,000 cases/year",
            ma.fte[TOTAL] * scale_a,
            mb.fte[TOTAL] * scale_b,
        ),
    ]
    if costs_compared:
        per_1000.append(
            _figure(
                "cost.total",
                "cost per 1,000 cases",
                ma.cost[TOTAL] * scale_a,
                mb.cost[TOTAL] * scale_b * cost_factor,
            )
        )
    rows: list[ActivityRow] = []
    by_id_b = {act.id: act for act in mb.activities}
    by_name_b = {act.name.strip().lower(): act for act in mb.activities}
    used: set[str] = set()
    for act in ma.activities:
        match = by_id_b.get(act.id) or by_name_b.get(act.name.strip().lower())
        if match is not None and match.id in used:
            match = None
        if match is not None:
            used.add(match.id)
        rows.append(
            ActivityRow(
                act.id,
                match.id if match else None,
                act.name,
                act.touch_hours_per_case * PER,
                match.touch_hours_per_case * PER if match else 0.0,
            )
        )
    for act in mb.activities:
        if act.id not in used:
            rows.append(ActivityRow(None, act.id, act.name, 0.0, act.touch_hours_per_case * PER))
    return ProcessComparison(
        ma,
        mb,
        per_case,
        per_1000,
        _per_1000(ma, case_a),
        _per_1000(mb, case_b, cost_factor),
        rows,
        notes,
        currency=ma.currency if costs_compared else "",
        exchange=exchange,
        messages=messages,
    )
