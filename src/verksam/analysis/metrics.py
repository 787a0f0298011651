"""Exact metrics of one process variant: visits, times, flow efficiency, handoffs, rework, workload.

Everything is an expectation per case computed from the flow (no sampling): expected visits come
from solving the flow as a Markov chain, lead time from the critical path through parallel blocks
(see `verksam.analysis.times.critical_path`). Workload per year = volume × visits × touch time;
FTE (full-time equivalents, "årsverk") = hours ÷ the case's hours per FTE; cost = hours × the
role's cost per hour.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from verksam.analysis.graph import AnalysisError, build_graph, is_activity
from verksam.analysis.times import critical_path
from verksam.analysis.visits import successor_arrivals, visit_counts
from verksam.model.case import Case
from verksam.model.process import Process, Variant

UNASSIGNED = "(unassigned)"  # workload of activities in no lane or in a lane without a role/unit
TOTAL = "total"


@dataclass
class ActivityMetrics:
    """One activity's share of the work: visits per case and hours per year."""

    id: str
    name: str
    lane: str | None
    role: str | None
    unit: str | None
    visits: float
    rework_visits: float
    touch_minutes: float
    waiting_hours: float
    value_adding: bool
    touch_hours_per_case: float
    workload_hours: float
    fte: float
    cost: float
    calls: str | None = None  # the process a call activity runs, expanded into these figures


@dataclass
class UnitMetrics:
    workload_hours: float
    fte: float
    cost: float


@dataclass
class Handoff:
    """Expected changes from one lane to another per case."""

    source_lane: str
    target_lane: str
    per_case: float


@dataclass
class VariantMetrics:
    """The analysis of one variant; `to_json()` gives the stable keys documented in docs/analysis.md."""

    case_id: str
    process_id: str
    variant_id: str
    variant_name: str
    variant_kind: str
    currency: str
    hours_per_fte: float
    volume_per_year: float
    touch_hours: float
    waiting_hours: float
    lead_hours: float
    critical_touch_hours: float
    value_adding_hours: float
    flow_efficiency: float
    handoffs: float
    rework_share: float
    rework_visits: float
    workload_hours: dict[str, float]
    fte: dict[str, float]
    cost: dict[str, float]
    units: dict[str, UnitMetrics]
    activities: list[ActivityMetrics]
    handoff_lanes: list[Handoff]
    visits: dict[str, float]
    external_roles: list[str] = field(default_factory=list)
    in_total: dict[str, bool] = field(default_factory=dict)  # per role: counted in the totals?
    warnings: list[str] = field(default_factory=list)

    @property
    def total_workload_hours(self) -> float:
        """Hours per year of the organisation's own roles (external roles left out)."""
        return sum(h for k, h in self.workload_hours.items() if k not in self.external_roles)

    def activity(self, activity_id: str) -> ActivityMetrics:
        """The activity with this id. Raises KeyError if the variant has none."""
        for a in self.activities:
            if a.id == activity_id:
                return a
        raise KeyError(activity_id)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self, **kwargs: Any) -> str:
        kwargs.setdefault("ensure_ascii", False)
        kwargs.setdefault("indent", 2)
        return json.dumps(self.to_dict(), **kwargs)


def find_variant(
    case: Case, process_id: str, variant_id: str | None = None
) -> tuple[Process, Variant]:
    """The process and variant; raises AnalysisError naming what is missing."""
    try:
        process = case.process(process_id)
    except KeyError:
        known = ", ".join(p.id for p in case.processes) or "none"
        raise AnalysisError(
            f"case '{case.id}' has no process '{process_id}' (processes: {known})",
            process_id,
            "no-process",
            id=process_id,
        ) from None
    try:
        variant = process.variant(variant_id)
    except KeyError:
        known = ", ".join(v.id for v in process.variants) or "none"
        raise AnalysisError(
            f"process '{process_id}' has no variant '{variant_id}' (variants: {known})",
            variant_id or process_id,
            "no-variant",
            id=variant_id or "",
        ) from None
    return process, variant


def expected_visits(variant: Variant) -> dict[str, float]:
    """Expected visits per case of every node a start event reaches.

    Raises AnalysisError naming the element when the flow cannot be analysed.
    """
    return visit_counts(build_graph(variant)).visits


def _volume(process: Process, variant: Variant, warnings: list[str]) -> float:
    if variant.volume_per_year is not None:
        return variant.volume_per_year
    seen: set[str] = set()
    current = variant
    while current.based_on and current.based_on not in seen:
        seen.add(current.based_on)
        try:
            current = process.variant(current.based_on)
        except KeyError:
            break
        if current.volume_per_year is not None:
            warnings.append(
                f"variant '{variant.id}' has no volume per year; using {current.volume_per_year:g} "
                f"from '{current.id}'"
            )
            return current.volume_per_year
    warnings.append(f"variant '{variant.id}' has no volume per year; workload is 0")
    return 0.0


def analyze(case: Case, process_id: str, variant_id: str | None = None) -> VariantMetrics:
    """Exact metrics of a process variant (the first as-is variant when `variant_id` is None).

    A call activity or sub-process whose node `calls` another process and has no times of its own
    is expanded: each visit takes the called process's (default variant's) lead time, and its
    work counts for the called process's roles.

    Raises
    ------
    AnalysisError
        Unknown process or variant, or a flow that cannot be analysed (no start or end event,
        inconsistent probabilities, a loop that never ends, badly joined parallel branches,
        processes that call each other in a circle); the message and `element` name the element.
    """
    return _analyze(case, process_id, variant_id, ())[0]


@dataclass
class _Share:
    """Work per visit of one node by one role and unit (a called process gives several)."""

    role: str | None
    unit: str | None
    hours: float


def _analyze(
    case: Case, process_id: str, variant_id: str | None, calling: tuple[str, ...]
) -> tuple[VariantMetrics, list[_Share]]:
    """The metrics and the work per case by role and unit (for a process that calls this one)."""
    process, variant = find_variant(case, process_id, variant_id)
    graph = build_graph(variant)
    counted = visit_counts(graph)
    visits = counted.visits
    warnings: list[str] = []
    hours_per_fte = case.settings.effective_hours_per_fte
    volume = _volume(process, variant, warnings)
    lanes = {lane.id: lane for lane in variant.lanes}

    def role_of(lane_id: str | None) -> str | None:
        lane = lanes.get(lane_id) if lane_id else None
        return lane.role if lane else None

    def unit_of(lane_id: str | None) -> str | None:
        lane = lanes.get(lane_id) if lane_id else None
        if lane is None:
            return None
        if lane.unit:
            return lane.unit
        role = case.role(lane.role) if lane.role else None
        return role.unit if role else None

    lead = {
        n: graph.nodes[n].waiting_hours + graph.nodes[n].touch_minutes / 60 for n in graph.order
    }
    touch = {n: graph.nodes[n].touch_minutes / 60 for n in graph.order}
    va = {n: touch[n] if graph.nodes[n].value_adding else 0.0 for n in graph.order}
    touch_total = {n: touch[n] for n in graph.order}  # all work per visit, every branch
    shares: dict[str, list[_Share]] = {}
    called_ids: dict[str, str] = {}
    called_external: set[str] = set()
    for n in graph.order:
        node = graph.nodes[n]
        if node.calls and is_activity(node) and node.touch_minutes == 0 and node.waiting_hours == 0:
            if node.calls in (*calling, process_id):
                raise AnalysisError(
                    f"'{n}' calls process '{node.calls}', which is already being analysed "
                    f"({' → '.join((*calling, process_id, node.calls))})",
                    n,
                    "call-cycle",
                    id=n,
                    other=node.calls,
                    nodes=[*calling, process_id, node.calls],
                )
            sub, sub_shares = _analyze(case, node.calls, None, (*calling, process_id))
            called_ids[n] = node.calls
            lead[n] = sub.lead_hours
            touch[n] = sub.critical_touch_hours
            va[n] = sub.value_adding_hours
            touch_total[n] = sub.touch_hours
            shares[n] = sub_shares
            called_external |= set(sub.external_roles)
            warnings += [f"{node.calls}: {w}" for w in sub.warnings if "volume" not in w]
        else:
            shares[n] = [_Share(role_of(node.lane), unit_of(node.lane), touch[n])]
    path = critical_path(graph, lead, touch, va)

    def outside(role_id: str | None, unit_id: str | None) -> bool:
        """Citizens' and suppliers' work: an external role, or a role or lane in such a unit."""
        role = case.role(role_id) if role_id else None
        unit = case.unit(unit_id) if unit_id else None
        return bool((role and role.external) or (unit and unit.kind in ("external", "citizen")))

    workload: dict[str, float] = {}
    cost: dict[str, float] = {}
    units: dict[str, UnitMetrics] = {}
    external: set[str] = set()
    activities: list[ActivityMetrics] = []
    missing_cost: set[str] = set()
    for n in graph.order:
        node = graph.nodes[n]
        if not (is_activity(node) or node.touch_minutes > 0 or node.waiting_hours > 0):
            continue
        node_hours = node_money = 0.0
        for share in shares[n]:
            role_id, unit_id = share.role, share.unit
            hours = volume * visits[n] * share.hours
            role = case.role(role_id) if role_id else None
            rate = role.cost_per_hour if role and role.cost_per_hour is not None else None
            is_outside = outside(role_id, unit_id) or (role_id or unit_id) in called_external
            if rate is None and hours > 0 and not is_outside:
                missing_cost.add(role_id or UNASSIGNED)
            money = hours * (rate or 0.0)
            node_hours += hours
            node_money += money
            if role_id or hours > 0:  # a citizen's step without staff time is no workload
                key = role_id or (unit_id if is_outside and unit_id else UNASSIGNED)
                if is_outside:
                    external.add(key)
                workload[key] = workload.get(key, 0.0) + hours
                cost[key] = cost.get(key, 0.0) + money
            if unit_id or hours > 0:
                u = units.setdefault(unit_id or UNASSIGNED, UnitMetrics(0.0, 0.0, 0.0))
                u.workload_hours += hours
                u.fte += hours / hours_per_fte
                u.cost += money
        activities.append(
            ActivityMetrics(
                id=n,
                name=node.label,
                lane=node.lane,
                role=role_of(node.lane),
                unit=unit_of(node.lane),
                visits=visits[n],
                rework_visits=visits[n] - counted.reach[n],
                touch_minutes=node.touch_minutes if n not in called_ids else touch_total[n] * 60,
                waiting_hours=node.waiting_hours,
                value_adding=node.value_adding,
                touch_hours_per_case=visits[n] * touch_total[n],
                workload_hours=node_hours,
                fte=node_hours / hours_per_fte,
                cost=node_money,
                calls=called_ids.get(n),
            )
        )
    for key in sorted(missing_cost):
        warnings.append(f"role '{key}' has no cost per hour; its cost counts as 0")

    # Totals are the organisation's own: citizens' and suppliers' time is listed but not counted.
    fte = {k: h / hours_per_fte for k, h in workload.items()}
    fte[TOTAL] = sum(h for k, h in workload.items() if k not in external) / hours_per_fte
    cost[TOTAL] = sum(c for k, c in cost.items() if k not in external)

    # Handoffs: consecutive lane-bearing nodes (activities and events in a lane) in different lanes.
    visible = {n for n in graph.order if graph.nodes[n].lane and graph.nodes[n].type not in _GATES}
    arrivals = successor_arrivals(graph, visible)
    pairs: dict[tuple[str, str], float] = {}
    for a, targets in arrivals.items():
        for b, count in targets.items():
            la, lb = graph.nodes[a].lane, graph.nodes[b].lane
            if la and lb and la != lb:
                pairs[(la, lb)] = pairs.get((la, lb), 0.0) + visits[a] * count
    handoffs = sum(pairs.values())

    acts = [n for n in graph.order if is_activity(graph.nodes[n])]
    total_visits = sum(visits[n] for n in acts)
    rework = sum(visits[n] - counted.reach[n] for n in acts)
    touch_sum = sum(visits[n] * touch_total[n] for n in graph.order)

    per_pair: dict[tuple[str | None, str | None], float] = {}
    for n in graph.order:
        for share in shares[n]:
            pair = (share.role, share.unit)
            per_pair[pair] = per_pair.get(pair, 0.0) + visits[n] * share.hours
    per_case = [_Share(r, u, h) for (r, u), h in per_pair.items() if h > 0]
    return VariantMetrics(
        case_id=case.id,
        process_id=process.id,
        variant_id=variant.id,
        variant_name=variant.label,
        variant_kind=variant.kind,
        currency=case.settings.effective_currency,
        hours_per_fte=hours_per_fte,
        volume_per_year=volume,
        touch_hours=touch_sum,
        waiting_hours=max(path.lead - path.touch, 0.0),
        lead_hours=path.lead,
        critical_touch_hours=path.touch,
        value_adding_hours=path.value_adding,
        flow_efficiency=path.value_adding / path.lead if path.lead > 0 else 0.0,
        handoffs=handoffs,
        rework_share=rework / total_visits if total_visits > 0 else 0.0,
        rework_visits=rework,
        workload_hours=workload,
        fte=fte,
        cost=cost,
        units=units,
        activities=activities,
        handoff_lanes=[Handoff(a, b, c) for (a, b), c in sorted(pairs.items())],
        visits=visits,
        external_roles=sorted(external),
        in_total={key: key not in external for key in workload},
        warnings=warnings,
    ), per_case


_GATES = frozenset({"xor", "and", "or", "event-gateway"})
