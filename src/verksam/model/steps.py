"""Step lists as process variants: an ordered list of steps becomes a flow, and back.

A *step list* is how managers describe a process without BPMN: one step after the other, each done
by a role, some done only in a share of cases, some sending the case back to an earlier step. This
module maps such a list onto a variant — start event, the steps as activities in their roles' lanes,
an exclusive gateway before each optional step and after each step that can go back, end event —
and reads a variant back as a step list when it has that shape (`steps_of`), so the step table and
the expert editors edit the same variant.

    from verksam.model.steps import Step, apply_steps, steps_of

    case = apply_steps(case, "fardtjanst", "as-is", [Step("Ta emot", "Registrator", 5), ...])
    steps_of(case, case.process("fardtjanst").variant("as-is"))  # the same steps, with node ids

A step without a role is done by the role of the step above it (as a blank cell under a role in a
spreadsheet reads). Roles are found by name (case-insensitive) or id, and created in the structure
view when new; lanes follow roles (one lane per role, made when a role first does a step).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from verksam.model.case import Case
from verksam.model.process import Flow, Lane, Node, Variant
from verksam.model.structure import Role, Structure

ROUNDING = 12  # digits kept of a complementary probability (1 − 0.3 is 0.7, not 0.69999…)


@dataclass(frozen=True)
class Step:
    """One step of a step list.

    `share` is the share of cases (0–1) in which the step is done at all; None means every case.
    `back_to` is the position (0-based) of the step the case may go back to after this one (itself
    or an earlier step; an optional step is then again done in its share of cases), and
    `back_share` the share of passes that go back; None when not given (an even split is then
    assumed, and validation says so). `id` is the node id when the step
    was read from a variant; new steps get one from their name.
    """

    name: str
    role: str = ""
    touch_minutes: float = 0.0
    waiting_hours: float = 0.0
    share: float | None = None
    back_to: int | None = None
    back_share: float | None = None
    id: str | None = None


@dataclass(frozen=True)
class EventNames:
    """Names of the start and end events made for a step list (in the case's language)."""

    start: str = "Start"
    end: str = "End"


_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "æ": "ae", "ø": "o", "é": "e", "ü": "u"})


def make_id(name: str, taken: set[str], fallback: str = "step") -> str:
    """A new id from a name (`Ta emot ansökan` → `ta-emot-ansokan`), not in `taken`."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower().translate(_FOLD)).strip("-")[:60].strip("-")
    base = slug if slug and slug[0].isalpha() else f"{fallback}-{slug}" if slug else fallback
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def optional_gateway(step_id: str) -> str:
    return f"{step_id}-if"


def back_gateway(step_id: str) -> str:
    return f"{step_id}-back"


def resolve_roles(case: Case, steps: Sequence[Step]) -> tuple[list[Role], list[str | None]]:
    """The case's roles with those the steps name added, and each step's role id (None: no role).

    A step without a role takes the role of the step above it.
    """
    roles = list(case.structure.roles if case.structure else [])
    taken = set(case.ids())
    by_key: dict[str, str] = {}
    for role in roles:
        by_key.setdefault(role.label.casefold(), role.id)
        by_key.setdefault(role.id.casefold(), role.id)
    out: list[str | None] = []
    current: str | None = None
    for step in steps:
        name = " ".join(step.role.split())
        if name:
            found = by_key.get(name.casefold())
            if found is None:
                found = make_id(name, taken, "role")
                taken.add(found)
                roles.append(Role(id=found, name=name))
                by_key[name.casefold()] = found
            current = found
        out.append(current)
    return roles, out


def build_variant(
    variant: Variant, steps: Sequence[Step], role_ids: Sequence[str | None],
    names: EventNames = EventNames(), role_names: dict[str, str] | None = None,
) -> Variant:  # fmt: skip
    """The variant with its lanes, nodes and flows made from the steps (other fields kept).

    Nodes of the variant with the same id keep what a step does not say (systems, information,
    value-adding, duration, documentation); its start and end events keep their ids and names.
    Raises ValueError when a step goes back to a later step.
    """
    old_nodes = {n.id: n for n in variant.nodes}
    starts = [n for n in variant.nodes if n.type == "start"]
    ends = [n for n in variant.nodes if n.type == "end"]
    # Lanes follow roles: the variant's lane of a role is kept, a role's first step makes one.
    lanes: list[Lane] = []
    lane_of: dict[str, str] = {}
    lane_ids = {lane.id for lane in variant.lanes}
    for role in role_ids:
        if role is None or role in lane_of:
            continue
        existing = next((lane for lane in variant.lanes if lane.role == role), None)
        if existing is None:
            lane_id = role if role not in lane_ids else make_id(role, lane_ids, "lane")
            lane_ids.add(lane_id)
            label = (role_names or {}).get(role, "")
            existing = Lane(id=lane_id, name=label, role=role)
        lanes.append(existing)
        lane_of[role] = existing.id
    # Lanes without a step are kept for roles that still have them (the expert editors' lanes).
    lanes += [lane for lane in variant.lanes if lane not in lanes and lane.role is None]

    taken: set[str] = set()
    step_ids: list[str] = []
    for step in steps:
        wanted = step.id if step.id and step.id not in taken else None
        step_ids.append(wanted or make_id(step.name, taken | set(old_nodes) | set(step_ids)))
        taken.add(step_ids[-1])
    start = (
        starts[0] if starts else Node(id=make_id("start", taken), type="start", name=names.start)
    )
    taken.add(start.id)
    end = ends[0] if ends else Node(id=make_id("end", taken), type="end", name=names.end)
    taken.add(end.id)
    first_lane = lane_of.get(role_ids[0]) if role_ids and role_ids[0] else None
    last_lane = lane_of.get(role_ids[-1]) if role_ids and role_ids[-1] else None
    nodes: list[Node] = [start.model_copy(update={"lane": start.lane or first_lane})]
    flows: list[Flow] = []

    def entry(index: int) -> str:
        if index >= len(steps):
            return end.id
        return (
            optional_gateway(step_ids[index]) if steps[index].share is not None else step_ids[index]
        )

    flows.append(Flow(source=start.id, target=entry(0)))
    for index, step in enumerate(steps):
        node_id, lane = step_ids[index], lane_of.get(role_ids[index] or "")
        after = entry(index + 1)
        if step.share is not None:
            gateway = optional_gateway(node_id)
            nodes.append(_gateway(old_nodes, gateway, lane))
            flows.append(Flow(source=gateway, target=node_id, probability=step.share))
            flows.append(Flow(source=gateway, target=after, probability=_rest(step.share)))
        old = old_nodes.get(node_id)
        fields = {"name": step.name, "lane": lane, "touch_minutes": step.touch_minutes,
                  "waiting_hours": step.waiting_hours}  # fmt: skip
        if old is not None and old.type in ("task", "subprocess"):
            nodes.append(old.model_copy(update=fields))
        else:
            nodes.append(Node(id=node_id, type="task", **fields))
        if step.back_to is not None:
            if not 0 <= step.back_to <= index:
                raise ValueError(
                    f"step {index + 1} ('{step.name}') goes back to step {step.back_to + 1}, "
                    "which is not itself or an earlier step"
                )
            gateway = back_gateway(node_id)
            nodes.append(_gateway(old_nodes, gateway, lane))
            flows.append(Flow(source=node_id, target=gateway))
            back, on = step.back_share, None if step.back_share is None else _rest(step.back_share)
            flows.append(Flow(source=gateway, target=entry(step.back_to), probability=back))
            flows.append(Flow(source=gateway, target=after, probability=on))
        else:
            flows.append(Flow(source=node_id, target=after))
    nodes.append(end.model_copy(update={"lane": end.lane or last_lane}))
    return variant.model_copy(update={"lanes": lanes, "nodes": nodes, "flows": flows})


def _rest(share: float) -> float:
    return round(1.0 - share, ROUNDING)


def _gateway(old_nodes: dict[str, Node], gateway_id: str, lane: str | None) -> Node:
    old = old_nodes.get(gateway_id)
    if old is not None and old.type == "xor":
        return old.model_copy(update={"lane": lane})
    return Node(id=gateway_id, type="xor", lane=lane)


def apply_steps(
    case: Case, process_id: str, variant_id: str, steps: Sequence[Step],
    names: EventNames = EventNames(),
) -> Case:  # fmt: skip
    """The case with the variant's flow made from the steps and the roles they name added.

    Raises KeyError for an unknown process or variant, ValueError for a step going back to a
    later one.
    """
    process = case.process(process_id)
    variant = process.variant(variant_id)
    roles, role_ids = resolve_roles(case, steps)
    role_names = {role.id: role.label for role in roles}
    new_variant = build_variant(variant, steps, role_ids, names, role_names)
    structure = (case.structure or Structure()).model_copy(update={"roles": roles})
    variants = [new_variant if v.id == variant_id else v for v in process.variants]
    processes = [
        p.model_copy(update={"variants": variants}) if p.id == process_id else p
        for p in case.processes
    ]
    return case.model_copy(update={"structure": structure, "processes": processes})


def steps_of(case: Case, variant: Variant) -> list[Step] | None:
    """The variant as a step list, or None when its flow is not step-shaped.

    Step-shaped means: one start event, one end event, and between them activities one after the
    other, where an exclusive gateway may let cases skip one activity and an exclusive gateway
    after an activity may send cases back to it or an earlier one. Every node and flow of the
    variant must be part of that shape. Roles are named by their names.
    """
    nodes = {n.id: n for n in variant.nodes}
    outgoing: dict[str, list[Flow]] = {}
    for flow in variant.flows:
        outgoing.setdefault(flow.source, []).append(flow)
    starts = [n for n in variant.nodes if n.type == "start"]
    ends = [n for n in variant.nodes if n.type == "end"]
    if len(starts) != 1 or len(ends) != 1 or len(outgoing.get(starts[0].id, [])) != 1:
        return None
    lane_role = {lane.id: lane.role for lane in variant.lanes}
    role_name = {role.id: role.label for role in (case.structure.roles if case.structure else [])}
    seen_nodes = {starts[0].id, ends[0].id}
    seen_flows = 1
    position: dict[str, int] = {}
    steps: list[Step] = []
    current = outgoing[starts[0].id][0].target

    def activity(node_id: str) -> bool:
        node = nodes.get(node_id)
        return node is not None and node.type == "task" and node_id not in seen_nodes

    while current != ends[0].id:
        node = nodes.get(current)
        if node is None or current in seen_nodes:
            return None
        share: float | None = None
        skip_to: str | None = None
        gateway: str | None = None
        if node.type == "xor":
            gateway = current
            branches = outgoing.get(current, [])
            if len(branches) != 2:
                return None
            seen_nodes.add(current)
            seen_flows += 2
            for taken, skipped in (branches, branches[::-1]):
                entries = {**position, current: len(steps)}
                after = _after_step(outgoing, nodes, taken.target, entries)
                if (
                    activity(taken.target)
                    and after == skipped.target
                    and taken.probability is not None
                    and _complements(taken.probability, skipped.probability)
                ):
                    share, skip_to, current = taken.probability, skipped.target, taken.target
                    break
            else:
                return None
            node = nodes[current]
        if node.type != "task":
            return None
        seen_nodes.add(current)
        position[current] = len(steps)
        if gateway is not None:
            position[gateway] = len(steps)  # going back to an optional step enters its gateway
        lanes_role = lane_role.get(node.lane or "")
        step = Step(
            name=node.name, role=role_name.get(lanes_role or "", lanes_role or ""),
            touch_minutes=node.touch_minutes, waiting_hours=node.waiting_hours,
            share=share, id=node.id,
        )  # fmt: skip
        out = outgoing.get(current, [])
        if len(out) != 1:
            return None
        seen_flows += 1
        following = out[0].target
        gate = nodes.get(following)
        if gate is not None and gate.type == "xor" and following not in seen_nodes:
            branches = outgoing.get(following, [])
            back = [f for f in branches if f.target in position]
            if len(branches) == 2 and len(back) == 1:
                onward = next(f for f in branches if f is not back[0])
                step = replace(step, back_to=position[back[0].target],
                               back_share=back[0].probability)  # fmt: skip
                if back[0].probability is None:
                    if onward.probability is not None:
                        return None
                elif not _complements(back[0].probability, onward.probability):
                    return None
                seen_nodes.add(following)
                seen_flows += 2
                following = onward.target
        if skip_to is not None and following != skip_to:
            return None
        steps.append(step)
        current = following
    if seen_nodes != set(nodes) or seen_flows != len(variant.flows):
        return None
    return steps


def _complements(share: float, other: float | None) -> bool:
    return other is not None and abs(share + other - 1.0) <= 1e-9


def _after_step(
    outgoing: dict[str, list[Flow]], nodes: dict[str, Node], node_id: str, position: dict[str, int]
) -> str | None:
    """Where a case goes after an activity, past a gateway that may send it back."""
    out = outgoing.get(node_id, [])
    if len(out) != 1:
        return None
    following = out[0].target
    gate = nodes.get(following)
    if gate is not None and gate.type == "xor":
        branches = outgoing.get(following, [])
        back = [f for f in branches if f.target in position or f.target == node_id]
        if len(branches) == 2 and len(back) == 1:
            return next(f.target for f in branches if f is not back[0])
    return following
