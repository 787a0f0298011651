"""Semantic validation of a case: every problem at once, each with the path of the element it concerns.

Paths address processes and variants by id and other list items by index, as in
`processes.elevtransport.variants.as-is.flows[3].target`. Messages are templates with parameters so
the web app can show them in the user's language (the templates are marked for translation).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from verksam.model.case import Case
from verksam.model.process import ACTIVITIES, Process, Variant

Severity = Literal["error", "warning"]
TOLERANCE = 1e-6


def gettext_noop(message: str) -> str:
    """Marks a message template for translation without translating it (read by makemessages)."""
    return message


MESSAGES: dict[str, str] = {
    "unknown-reference": gettext_noop("unknown {kind} '{id}'"),
    "duplicate-id": gettext_noop("duplicate id '{id}' (also used at {other})"),
    "probabilities-sum": gettext_noop(
        "branch probabilities of split '{id}' sum to {total:g}, not 1"
    ),
    "probabilities-missing": gettext_noop(
        "split '{id}' has {count} outgoing flows without probabilities; an even split is assumed"
    ),
    "probabilities-partial": gettext_noop(
        "split '{id}': every outgoing flow needs a probability when one has one"
    ),
    "probabilities-rest": gettext_noop(
        "split '{id}': the {count} outgoing flow(s) without a probability share the rest, "
        "{percent:g} % each"
    ),
    "no-start": gettext_noop("the flow has no start event"),
    "no-end": gettext_noop("the flow has no end event"),
    "start-has-incoming": gettext_noop("start event '{id}' has incoming flows"),
    "end-has-outgoing": gettext_noop("end event '{id}' has outgoing flows"),
    "unreachable": gettext_noop("'{id}' cannot be reached from a start event"),
    "no-path-to-end": gettext_noop(
        "there is no path from '{id}' to an end event (flows with probability 0 do not count)"
    ),
    "dead-end": gettext_noop("'{id}' has no outgoing flow"),
    "no-lane": gettext_noop("activity '{id}' is in no lane"),
    "bad-formula": gettext_noop("formula cannot be read: {error}"),
    "formula-name": gettext_noop("formula uses '{id}', which is not an assumption"),
    "no-initial-state": gettext_noop("the state machine has no initial state"),
    "bad-hours": gettext_noop("opening hours end ({end}) before they start ({start})"),
    "end-before-start": gettext_noop("end year {end} is before year {start}"),
    "self-parent": gettext_noop("'{id}' is its own ancestor"),
    "visits-need-activity": gettext_noop(
        "a benefit measured in visits needs the activity to count"
    ),
    "score-above-scale": gettext_noop("score {score:g} is above the scale's highest score {top}"),
    "must-pass-above-scale": gettext_noop(
        "the pass mark of must-requirements ({must_pass:g}) is above the highest score {top}"
    ),
    "variant-without-process": gettext_noop("a variant needs the process it belongs to"),
}


# Where each kind of case-level element lives (Case.elements() yields them in this order).
CONTAINERS: dict[str, str] = {
    "goal": "vision.goals",
    "problem": "vision.problems",
    "concept": "vision.concepts",
    "association": "vision.associations",
    "effect_goal": "effect_map.effect_goals",
    "target_group": "effect_map.target_groups",
    "need": "effect_map.needs",
    "deliverable": "effect_map.deliverables",
    "unit": "structure.units",
    "role": "structure.roles",
    "resource": "structure.resources",
    "system": "structure.systems",
    "information": "structure.information",
    "process": "processes",
    "calendar": "calendars",
    "sequence": "behaviour.sequences",
    "state_machine": "behaviour.state_machines",
    "assumption": "benefits.assumptions",
    "benefit": "benefits.benefits",
    "cost": "benefits.costs",
    "stakeholder": "benefits.stakeholders",
    "prerequisite": "benefits.prerequisites",
    "risk": "benefits.risks",
    "change": "benefits.changes",
    "effect": "benefits.effects",
    "alternative": "benefits.alternatives",
    "service": "services",
    "criterion": "evaluation.criteria",
    "requirement": "evaluation.requirements",
    "candidate": "evaluation.candidates",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a case, where it is, and how bad."""

    path: str
    code: str
    params: dict[str, object] = field(default_factory=dict)
    severity: Severity = "error"

    @property
    def message(self) -> str:
        template = MESSAGES.get(self.code, self.code)
        try:
            return template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return template

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class _Checker:
    def __init__(self, case: Case) -> None:
        self.case = case
        self.problems: list[Problem] = []
        self.ids: dict[str, set[str]] = {}
        for kind, element in case.elements():
            self.ids.setdefault(kind, set()).add(element.id)

    def add(self, path: str, code: str, severity: Severity = "error", **params: object) -> None:
        self.problems.append(Problem(path, code, params, severity))

    def known(self, kinds: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for kind in kinds:
            out |= self.ids.get(kind, set())
        return out

    def ref(self, path: str, value: str | None, kinds: str | tuple[str, ...]) -> None:
        if value is None:
            return
        kinds_t = (kinds,) if isinstance(kinds, str) else kinds
        if value not in self.known(kinds_t):
            self.add(
                path, "unknown-reference", kind=" or ".join(kinds_t).replace("_", " "), id=value
            )

    def refs(self, path: str, values: Iterable[str], kinds: str | tuple[str, ...]) -> None:
        for i, value in enumerate(values):
            self.ref(f"{path}[{i}]", value, kinds)

    def unique(self, path: str, ids: list[str | None]) -> None:
        """Flag each repeated id of one list at its index, naming the first use."""
        first: dict[str, int] = {}
        for i, ident in enumerate(ids):
            if ident is None:
                continue
            if ident in first:
                self.add(f"{path}[{i}]", "duplicate-id", id=ident, other=f"{path}[{first[ident]}]")
            else:
                first[ident] = i

    # --- whole case -------------------------------------------------------------------------
    def run(self) -> list[Problem]:
        self.check_duplicate_ids()
        self.check_vision()
        self.check_effect_map()
        self.check_structure()
        for process in self.case.processes:
            self.check_process(process)
        self.check_message_flows()
        self.check_calendars()
        self.check_behaviour()
        self.check_benefits()
        self.check_services()
        self.check_evaluation()
        return self.problems

    def check_duplicate_ids(self) -> None:
        seen: dict[str, str] = {}
        counts: dict[str, int] = {}
        for kind, element in self.case.elements():
            index = counts.get(kind, 0)
            counts[kind] = index + 1
            where = f"{CONTAINERS[kind]}[{index}]"
            if element.id in seen:
                self.add(where, "duplicate-id", id=element.id, other=seen[element.id])
            else:
                seen[element.id] = where

    def check_hierarchy(self, container: str, parents: list[tuple[str, str | None]]) -> None:
        """Flag each item that is its own ancestor (only the items on a cycle, not those below it)."""
        table = dict(parents)
        for i, (start, parent) in enumerate(parents):
            node = parent
            seen: set[str] = set()
            while node is not None and node in table and node not in seen:
                if node == start:
                    self.add(f"{container}[{i}].parent", "self-parent", id=start)
                    break
                seen.add(node)
                node = table[node]

    def check_vision(self) -> None:
        vision = self.case.vision
        if not vision:
            return
        for i, goal in enumerate(vision.goals):
            p = f"vision.goals[{i}]"
            self.ref(f"{p}.parent", goal.parent, "goal")
            self.ref(f"{p}.owner", goal.owner, ("unit", "role"))
            for j, rel in enumerate(goal.relations):
                self.ref(f"{p}.relations[{j}].goal", rel.goal, "goal")
        self.check_hierarchy("vision.goals", [(g.id, g.parent) for g in vision.goals])
        for i, problem in enumerate(vision.problems):
            self.refs(f"vision.problems[{i}].blocks", problem.blocks, "goal")
            self.refs(f"vision.problems[{i}].causes", problem.causes, "problem")
        for i, assoc in enumerate(vision.associations):
            self.ref(f"vision.associations[{i}].source", assoc.source, "concept")
            self.ref(f"vision.associations[{i}].target", assoc.target, "concept")

    def check_effect_map(self) -> None:
        em = self.case.effect_map
        if not em:
            return
        for i, eg in enumerate(em.effect_goals):
            self.ref(f"effect_map.effect_goals[{i}].goal", eg.goal, "goal")
        for i, tg in enumerate(em.target_groups):
            self.refs(f"effect_map.target_groups[{i}].effect_goals", tg.effect_goals, "effect_goal")
        for i, need in enumerate(em.needs):
            self.ref(f"effect_map.needs[{i}].target_group", need.target_group, "target_group")
        for i, d in enumerate(em.deliverables):
            self.refs(f"effect_map.deliverables[{i}].needs", d.needs, "need")

    def check_structure(self) -> None:
        st = self.case.structure
        if not st:
            return
        for i, unit in enumerate(st.units):
            self.ref(f"structure.units[{i}].parent", unit.parent, "unit")
        self.check_hierarchy("structure.units", [(u.id, u.parent) for u in st.units])
        for i, role in enumerate(st.roles):
            self.ref(f"structure.roles[{i}].unit", role.unit, "unit")
            self.ref(f"structure.roles[{i}].calendar", role.calendar, "calendar")
        for i, system in enumerate(st.systems):
            self.ref(f"structure.systems[{i}].owner", system.owner, "unit")
        for i, info in enumerate(st.information):
            self.ref(f"structure.information[{i}].system", info.system, "system")

    # --- processes --------------------------------------------------------------------------
    def check_process(self, process: Process) -> None:
        p = f"processes.{process.id}"
        things = ("resource", "information", "system")
        self.refs(f"{p}.goals", process.goals, "goal")
        self.refs(f"{p}.inputs", process.inputs, things)
        self.refs(f"{p}.outputs", process.outputs, things)
        self.refs(f"{p}.supplies", process.supplies, (*things, "role", "unit"))
        self.refs(f"{p}.controls", process.controls, things)
        self.ref(f"{p}.owner", process.owner, ("unit", "role"))
        variant_ids = [v.id for v in process.variants]
        self.unique(f"{p}.variants", list(variant_ids))
        for variant in process.variants:
            vp = f"{p}.variants.{variant.id}"
            if variant.based_on is not None and variant.based_on not in variant_ids:
                self.add(f"{vp}.based_on", "unknown-reference", kind="variant", id=variant.based_on)
            self.check_variant(vp, variant)

    def check_variant(self, vp: str, variant: Variant) -> None:
        lane_ids = [lane.id for lane in variant.lanes]
        node_ids = [node.id for node in variant.nodes]
        self.unique(f"{vp}.lanes", list(lane_ids))
        self.unique(f"{vp}.nodes", list(node_ids))
        self.unique(f"{vp}.flows", [f.id for f in variant.flows])
        self.unique(f"{vp}.annotations", [a.id for a in variant.annotations])
        # Sets for the membership tests below: lists made a 10,000-node variant take 11 s.
        lanes, nodes = set(lane_ids), set(node_ids)
        for i, lane in enumerate(variant.lanes):
            self.ref(f"{vp}.lanes[{i}].role", lane.role, "role")
            self.ref(f"{vp}.lanes[{i}].unit", lane.unit, "unit")
            if lane.parent is not None and lane.parent not in lanes:
                self.add(
                    f"{vp}.lanes[{i}].parent", "unknown-reference", kind="lane", id=lane.parent
                )
        self.check_hierarchy(f"{vp}.lanes", [(lane.id, lane.parent) for lane in variant.lanes])
        for i, node in enumerate(variant.nodes):
            np = f"{vp}.nodes[{i}]"
            if node.lane is not None and node.lane not in lanes:
                self.add(f"{np}.lane", "unknown-reference", kind="lane", id=node.lane)
            if node.lane is None and lanes and node.type in ACTIVITIES:
                self.add(np, "no-lane", "warning", id=node.id)
            self.refs(f"{np}.reads", node.reads, "information")
            self.refs(f"{np}.writes", node.writes, "information")
            self.refs(f"{np}.systems", node.systems, "system")
            self.ref(f"{np}.calls", node.calls, "process")
            if node.attached_to is not None and node.attached_to not in nodes:
                self.add(
                    f"{np}.attached_to", "unknown-reference", kind="element", id=node.attached_to
                )
        for i, flow in enumerate(variant.flows):
            fp = f"{vp}.flows[{i}]"
            for end in ("source", "target"):
                value = getattr(flow, end)
                if value not in nodes:
                    self.add(f"{fp}.{end}", "unknown-reference", kind="element", id=value)
        for i, note in enumerate(variant.annotations):
            if note.attached_to is not None and note.attached_to not in nodes:
                self.add(
                    f"{vp}.annotations[{i}].attached_to",
                    "unknown-reference",
                    kind="element",
                    id=note.attached_to,
                )
        if variant.arrivals:
            self.ref(f"{vp}.arrivals.calendar", variant.arrivals.calendar, "calendar")
        if variant.nodes:
            self.check_flow_graph(vp, variant)

    def check_flow_graph(self, vp: str, variant: Variant) -> None:
        index = {node.id: i for i, node in enumerate(variant.nodes)}
        flows = [f for f in variant.flows if f.source in index and f.target in index]
        # A boundary event is reached through the activity it is attached to.
        hosts = [
            (n.attached_to, n.id)
            for n in variant.nodes
            if n.attached_to is not None and n.attached_to in index
        ]
        starts = [n.id for n in variant.nodes if n.type == "start"]
        ends = [n.id for n in variant.nodes if n.type == "end"]
        if not starts:
            self.add(vp, "no-start")
        if not ends:
            self.add(vp, "no-end")
        out: dict[str, list[int]] = {}
        for i, flow in enumerate(variant.flows):
            if flow.source in index and flow.target in index:
                out.setdefault(flow.source, []).append(i)
        for node in variant.nodes:
            np = f"{vp}.nodes[{index[node.id]}]"
            if node.type == "start" and any(f.target == node.id for f in flows):
                self.add(np, "start-has-incoming", id=node.id)
            if node.type == "end" and node.id in out:
                self.add(np, "end-has-outgoing", id=node.id)
            outgoing = [variant.flows[i] for i in out.get(node.id, [])]
            # A lone flow out of an XOR with probability 0.6 would lose 40 % of the cases, so a
            # given probability is summed even when there is only one branch.
            if node.type in ("xor", "or") and outgoing:
                given = [f.probability for f in outgoing if f.probability is not None]
                if not given:
                    if len(outgoing) > 1:
                        self.add(
                            np, "probabilities-missing", "warning", id=node.id, count=len(outgoing)
                        )
                elif (
                    len(given) < len(outgoing)
                    and node.type == "xor"
                    and sum(given) <= 1.0 + TOLERANCE
                ):
                    # the flows without a probability share the rest (as the analysis does)
                    rest = max(0.0, 1.0 - sum(given)) / (len(outgoing) - len(given))
                    self.add(
                        np, "probabilities-rest", "warning", id=node.id,
                        count=len(outgoing) - len(given), percent=round(rest * 100, 2),
                    )  # fmt: skip
                elif len(given) < len(outgoing):
                    self.add(np, "probabilities-partial", id=node.id)
                elif node.type == "xor" and abs(sum(given) - 1.0) > TOLERANCE:
                    self.add(np, "probabilities-sum", id=node.id, total=round(sum(given), 6))
        # Reachability: forward from starts, backward from ends over flows that can be taken.
        # An event sub-process starts by itself and ends inside: it is on no path of the flow.
        by_event = [n.id for n in variant.nodes if n.triggered_by_event]
        forward = _reach(starts + by_event, [(f.source, f.target) for f in flows] + hosts)
        live = [(f.source, f.target) for f in flows if f.probability != 0]
        backward = _reach(ends + by_event, [(t, s) for s, t in live])
        for node in variant.nodes:
            np = f"{vp}.nodes[{index[node.id]}]"
            if starts and node.id not in forward:
                self.add(np, "unreachable", id=node.id)
            elif ends and node.id not in backward:
                code = "dead-end" if node.type != "end" and node.id not in out else "no-path-to-end"
                self.add(np, code, id=node.id)

    def check_message_flows(self) -> None:
        nodes: dict[str, set[str]] = {
            p.id: {n.id for v in p.variants for n in v.nodes} for p in self.case.processes
        }
        for i, mf in enumerate(self.case.message_flows):
            mp = f"message_flows[{i}]"
            for proc_attr, node_attr in (
                ("source_process", "source"),
                ("target_process", "target"),
            ):
                proc = getattr(mf, proc_attr)
                node = getattr(mf, node_attr)
                if proc not in nodes:
                    self.add(f"{mp}.{proc_attr}", "unknown-reference", kind="process", id=proc)
                elif node is not None and node not in nodes[proc]:
                    self.add(f"{mp}.{node_attr}", "unknown-reference", kind="element", id=node)

    def check_calendars(self) -> None:
        for i, cal in enumerate(self.case.calendars):
            for j, hours in enumerate(cal.hours):
                if hours.end <= hours.start and not hours.closes_at_midnight:
                    self.add(
                        f"calendars[{i}].hours[{j}]",
                        "bad-hours",
                        start=hours.start.isoformat("minutes"),
                        end=hours.end.isoformat("minutes"),
                    )

    def check_behaviour(self) -> None:
        beh = self.case.behaviour
        if not beh:
            return
        for i, seq in enumerate(beh.sequences):
            sp = f"behaviour.sequences[{i}]"
            self.ref(f"{sp}.process", seq.process, "process")
            participant_ids = {p.id for p in seq.participants}
            self.unique(f"{sp}.participants", [p.id for p in seq.participants])
            self.unique(f"{sp}.messages", [m.id for m in seq.messages])
            for j, part in enumerate(seq.participants):
                self.ref(f"{sp}.participants[{j}].ref", part.ref, ("unit", "role"))
            for j, msg in enumerate(seq.messages):
                for end in ("source", "target"):
                    if getattr(msg, end) not in participant_ids:
                        self.add(
                            f"{sp}.messages[{j}].{end}",
                            "unknown-reference",
                            kind="participant",
                            id=getattr(msg, end),
                        )
                self.ref(f"{sp}.messages[{j}].information", msg.information, "information")
        for i, sm in enumerate(beh.state_machines):
            sp = f"behaviour.state_machines[{i}]"
            self.ref(f"{sp}.object", sm.object, ("information", "concept"))
            state_ids = {s.id for s in sm.states}
            self.unique(f"{sp}.states", [s.id for s in sm.states])
            self.unique(f"{sp}.transitions", [t.id for t in sm.transitions])
            if sm.states and not any(s.kind == "initial" for s in sm.states):
                self.add(sp, "no-initial-state")
            for j, tr in enumerate(sm.transitions):
                for end in ("source", "target"):
                    if getattr(tr, end) not in state_ids:
                        self.add(
                            f"{sp}.transitions[{j}].{end}",
                            "unknown-reference",
                            kind="state",
                            id=getattr(tr, end),
                        )

    def check_benefits(self) -> None:
        b = self.case.benefits
        if not b:
            return
        # Formulas spell '-' and '.' in ids as '_' (see formula_names), so accept both spellings.
        assumptions = {a.id for a in b.assumptions} | {
            a.id.replace("-", "_").replace(".", "_") for a in b.assumptions
        }
        for i, benefit in enumerate(b.benefits):
            bp = f"benefits.benefits[{i}]"
            self.refs(f"{bp}.goals", benefit.goals, ("goal", "effect_goal"))
            self.refs(f"{bp}.effects", benefit.effects, "effect")
            self.refs(f"{bp}.changes", benefit.changes, "change")
            self.refs(f"{bp}.prerequisites", benefit.prerequisites, "prerequisite")
            self.refs(f"{bp}.risks", benefit.risks, "risk")
            self.refs(f"{bp}.stakeholders", benefit.stakeholders, "stakeholder")
            if benefit.formula is not None:
                self.check_formula(f"{bp}.formula", benefit.formula, assumptions)
            d = benefit.derived_from
            if d is not None:
                dp = f"{bp}.derived_from"
                if d.value_formula is not None:
                    self.check_formula(f"{dp}.value_formula", d.value_formula, assumptions)
                if d.measure == "visits" and d.activity is None:
                    self.add(f"{dp}.activity", "visits-need-activity")
                self.ref(f"{dp}.process", d.process, "process")
                self.ref(f"{dp}.value_per_fte", d.value_per_fte, "assumption")
                self.refs(f"{dp}.roles", d.roles, "role")
                try:
                    process = self.case.process(d.process)
                except KeyError:
                    continue
                variant_ids = {v.id for v in process.variants}
                for attr in ("baseline", "target"):
                    if getattr(d, attr) not in variant_ids:
                        self.add(
                            f"{dp}.{attr}", "unknown-reference", kind="variant", id=getattr(d, attr)
                        )
                if d.activity is not None and d.activity not in {
                    n.id for v in process.variants for n in v.nodes
                }:
                    self.add(f"{dp}.activity", "unknown-reference", kind="element", id=d.activity)
        for i, effect in enumerate(b.effects):
            self.refs(f"benefits.effects[{i}].changes", effect.changes, "change")
        for i, pre in enumerate(b.prerequisites):
            self.refs(f"benefits.prerequisites[{i}].benefits", pre.benefits, "benefit")
        for i, risk in enumerate(b.risks):
            self.refs(f"benefits.risks[{i}].benefits", risk.benefits, "benefit")
        for i, cost in enumerate(b.costs):
            if cost.end_year is not None and cost.end_year < cost.year:
                self.add(
                    f"benefits.costs[{i}].end_year",
                    "end-before-start",
                    start=cost.year,
                    end=cost.end_year,
                )
        for i, alt in enumerate(b.alternatives):
            ap = f"benefits.alternatives[{i}]"
            self.ref(f"{ap}.process", alt.process, "process")
            self.refs(f"{ap}.benefits", alt.benefits, "benefit")
            self.refs(f"{ap}.costs", alt.costs, "cost")
            if alt.process and alt.variant:
                try:
                    variant_ids = {v.id for v in self.case.process(alt.process).variants}
                except KeyError:
                    continue
                if alt.variant not in variant_ids:
                    self.add(f"{ap}.variant", "unknown-reference", kind="variant", id=alt.variant)

    def check_formula(self, path: str, formula: str, assumptions: set[str]) -> None:
        try:
            names = formula_names(formula)
        except ValueError as exc:
            self.add(path, "bad-formula", error=str(exc))
            return
        for name in sorted(names - assumptions):
            self.add(path, "formula-name", id=name)

    def check_services(self) -> None:
        for i, service in enumerate(self.case.services):
            sp = f"services[{i}]"
            self.ref(f"{sp}.process", service.process, "process")
            if service.promise and service.process:
                try:
                    process = self.case.process(service.process)
                except KeyError:
                    continue
                nodes = {n.id for v in process.variants for n in v.nodes}
                for end in ("start", "end"):
                    value = getattr(service.promise, end)
                    if value is not None and value not in nodes:
                        self.add(
                            f"{sp}.promise.{end}", "unknown-reference", kind="element", id=value
                        )

    def check_evaluation(self) -> None:
        ev = self.case.evaluation
        if not ev:
            return
        if ev.must_pass > ev.scale_max:
            self.add(
                "evaluation.must_pass", "must-pass-above-scale",
                must_pass=ev.must_pass, top=ev.scale_max,
            )  # fmt: skip
        criteria = {c.id for c in ev.criteria}
        for i, req in enumerate(ev.requirements):
            rp = f"evaluation.requirements[{i}]"
            if req.criterion is not None and req.criterion not in criteria:
                self.add(f"{rp}.criterion", "unknown-reference", kind="criterion", id=req.criterion)
            self.refs(f"{rp}.goals", req.goals, ("goal", "effect_goal"))
            self.refs(f"{rp}.effects", req.effects, "effect")
            for j, ref in enumerate(req.steps):
                sp = f"{rp}.steps[{j}]"
                try:
                    process = self.case.process(ref.process)
                except KeyError:
                    self.add(f"{sp}.process", "unknown-reference", kind="process", id=ref.process)
                    continue
                if ref.step not in {n.id for v in process.variants for n in v.nodes}:
                    self.add(f"{sp}.step", "unknown-reference", kind="step", id=ref.step)
        requirements = {r.id for r in ev.requirements}
        for i, cand in enumerate(ev.candidates):
            cp = f"evaluation.candidates[{i}]"
            self.ref(f"{cp}.process", cand.process, "process")
            self.ref(f"{cp}.alternative", cand.alternative, "alternative")
            if cand.variant is not None:
                if cand.process is None:
                    self.add(f"{cp}.variant", "variant-without-process")
                else:
                    try:
                        variants = {v.id for v in self.case.process(cand.process).variants}
                    except KeyError:
                        variants = None
                    if variants is not None and cand.variant not in variants:
                        self.add(
                            f"{cp}.variant", "unknown-reference", kind="variant", id=cand.variant
                        )
            for req_id, score in cand.scores.items():
                sp = f"{cp}.scores.{req_id}"
                if req_id not in requirements:
                    self.add(sp, "unknown-reference", kind="requirement", id=req_id)
                if score.score > ev.scale_max:
                    self.add(sp, "score-above-scale", score=score.score, top=ev.scale_max)


def _reach(roots: list[str], edges: list[tuple[str, str]]) -> set[str]:
    adjacent: dict[str, list[str]] = {}
    for source, target in edges:
        adjacent.setdefault(source, []).append(target)
    seen = set(roots)
    stack = list(roots)
    while stack:
        for nxt in adjacent.get(stack.pop(), []):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


_FORMULA_NODES = (
    ast.Expression, ast.BinOp, ast.UnaryOp, ast.Constant, ast.Name, ast.Load,
    ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.USub, ast.UAdd,
)  # fmt: skip


def formula_names(formula: str) -> set[str]:
    """The assumption ids a benefit formula uses. Raises ValueError if it is not plain arithmetic.

    Ids may contain '-' or '.', which Python reads as operators, so formulas write them with '_'.
    """
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError as exc:
        raise ValueError(exc.msg) from None
    for node in ast.walk(tree):
        if not isinstance(node, _FORMULA_NODES):
            raise ValueError(f"'{type(node).__name__}' is not allowed; use + - * / ** and numbers")
        if isinstance(node, ast.Constant) and not isinstance(node.value, int | float):
            raise ValueError(f"{node.value!r} is not a number")
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def validate(case: Case) -> list[Problem]:
    """Every semantic problem of a structurally valid case: errors first, then warnings."""
    problems = _Checker(case).run()
    return sorted(problems, key=lambda p: p.severity != "error")


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
