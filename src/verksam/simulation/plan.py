"""Turns a process variant into a simulation plan (flat lists indexed by node), checking it first.

Every problem that would make a run meaningless (probabilities that don't sum to 1, a loop that
never ends, a role with no one in it, a distribution without its parameters) is reported here,
naming the element, before any simulation starts.

Semantics, documented for users in docs/simulation.md:
- each lane maps to its role, a pool of `capacity` people (else ceil(fte), else unlimited);
  activities in a lane without a role, or in no lane, use no resource;
- `waiting_hours` is a calendar (wall-clock) delay before the activity, and queueing for the
  role's people comes on top of it;
- XOR and event-based gateways choose one branch by probability (even split if none is given);
  an OR gateway whose probabilities sum to more than 1 takes each branch with its probability
  (at least one), and its OR join waits for the branches taken;
  AND gateways fork to every branch and join by waiting for every incoming branch; a task with
  several outgoing flows forks as BPMN prescribes, and several incoming flows merge;
- a terminate end event ends the whole case, other end events end their branch.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from verksam.model.case import Case
from verksam.model.process import ACTIVITIES, Calendar, Distribution, Variant
from verksam.model.validation import errors, validate
from verksam.simulation.sampling import DistributionError, check_distribution

END, ONE, CHOICE, ALL, SOME = 0, 1, 2, 3, 4
"""How a node routes a token onwards: end it, pass it on, choose one branch, fork to all, or fork
to some (an inclusive split)."""

DYNAMIC = 0
"""`Plan.join` value of an OR join: it waits for as many tokens as its split sent."""

MINUTES_PER_YEAR = 365.0 * 1440.0


class SimulationError(ValueError):
    """The case cannot be simulated as it is; `problems` lists every reason, each naming its place."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class PoolPlan:
    """A resource pool: the people of one role."""

    role: str
    name: str
    capacity: int | None  # None: unlimited
    calendar: Calendar | None
    cost_per_hour: float | None


@dataclass
class Plan:
    """A variant compiled to lists indexed by node number, ready for `runner.Simulation`."""

    process_id: str
    variant_id: str
    start: dt.datetime
    node_ids: list[str] = field(default_factory=list)
    node_names: list[str] = field(default_factory=list)
    is_activity: list[bool] = field(default_factory=list)
    route: list[int] = field(default_factory=list)
    targets: list[tuple[int, ...]] = field(default_factory=list)
    cumulative: list[tuple[float, ...]] = field(default_factory=list)
    join: list[int] = field(default_factory=list)  # tokens a node waits for; DYNAMIC: OR join
    pair: list[int] = field(default_factory=list)  # an inclusive split's join (-1: none)
    wait: list[float] = field(default_factory=list)  # minutes of calendar delay before the node
    pool: list[int] = field(default_factory=list)  # index in `pools`, -1 for none
    duration: list[Distribution | None] = field(default_factory=list)
    touch: list[float] = field(default_factory=list)  # the fixed duration when `duration` is None
    terminate: list[bool] = field(default_factory=list)
    start_node: int = 0
    pools: list[PoolPlan] = field(default_factory=list)
    arrival_interval: Distribution | None = None
    volume_per_year: float | None = None
    arrival_weights: list[float] | None = None
    arrival_calendar: Calendar | None = None


def default_start(case: Case) -> dt.datetime:
    """Monday of the first full week of the case's start year (2026 if unset), at midnight.

    A fixed default keeps runs reproducible whatever day they are made.
    """
    year = case.settings.start_year or 2026
    day = dt.date(year, 1, 1)
    while day.weekday() != 0:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time())


def compile_plan(
    case: Case,
    process_id: str,
    variant_id: str | None = None,
    start: dt.datetime | None = None,
) -> Plan:
    """Checks a process variant and compiles it for simulation.

    Raises
    ------
    SimulationError
        Listing every problem found, each naming the element (process, variant, node, role...).
    """
    try:
        process = case.process(process_id)
    except KeyError:
        raise SimulationError([f"no process '{process_id}' in the case"]) from None
    try:
        variant = process.variant(variant_id)
    except KeyError:
        where = f"process '{process_id}'"
        raise SimulationError([f"{where} has no variant '{variant_id}'"]) from None
    vp = f"processes.{process.id}.variants.{variant.id}"
    problems = [
        str(p)
        for p in errors(validate(case))
        if p.path == vp
        or p.path.startswith((f"{vp}.", "structure.roles", "calendars"))
        or not p.path
    ]
    calendars = {c.id: c for c in case.calendars}
    plan = Plan(process.id, variant.id, start or default_start(case))
    index = {node.id: i for i, node in enumerate(variant.nodes)}
    lanes = {lane.id: lane for lane in variant.lanes}
    pools: dict[str, int] = {}
    starts = [n.id for n in variant.nodes if n.type == "start"]
    if len(starts) > 1:
        problems.append(
            f"{vp}: {len(starts)} start events ({', '.join(starts)}); simulation needs one"
        )
    plan.start_node = index[starts[0]] if starts else 0

    inclusive: list[str] = []
    for node in variant.nodes:
        np_ = f"{vp}.nodes.{node.id}"
        outgoing = [f for f in variant.outgoing(node.id) if f.target in index]
        incoming = [f for f in variant.incoming(node.id) if f.source in index]
        plan.node_ids.append(node.id)
        plan.node_names.append(node.label)
        plan.is_activity.append(node.type in ACTIVITIES)
        plan.wait.append(node.waiting_hours * 60.0)
        plan.touch.append(node.touch_minutes)
        plan.terminate.append(node.type == "end" and node.event == "terminate")
        plan.targets.append(tuple(index[f.target] for f in outgoing))
        plan.join.append(len(incoming) if node.type == "and" and len(incoming) > 1 else 1)
        plan.pair.append(-1)
        if not outgoing:
            plan.route.append(END)
            plan.cumulative.append(())
        elif len(outgoing) == 1:
            plan.route.append(ONE)
            plan.cumulative.append(())
        elif node.type == "or" and sum(f.probability or 0.0 for f in outgoing) > 1 + 1e-6:
            # Inclusive split: branch i is taken with probability p_i, at least one always.
            plan.route.append(SOME)
            if any(f.probability is None for f in outgoing):
                problems.append(
                    f"{np_}: every outgoing flow of '{node.id}' needs a probability when one has one"
                )
            running, cumulative = 0.0, []
            for f in outgoing:
                running += f.probability or 0.0
                cumulative.append(running)
            plan.cumulative.append(tuple(cumulative))
            inclusive.append(node.id)
        elif node.type in ("xor", "event-gateway", "or"):
            plan.route.append(CHOICE)
            given = [f.probability for f in outgoing]
            if all(p is None for p in given):
                probs = [1.0 / len(outgoing)] * len(outgoing)
            else:
                probs = [p or 0.0 for p in given]
                total = sum(probs)
                if abs(total - 1.0) > 1e-6 and node.type != "xor":  # xor: validation reports it
                    at_least = (
                        " or more (an OR split takes at least one)" if node.type == "or" else ""
                    )
                    problems.append(
                        f"{np_}: branch probabilities of '{node.id}' sum to {total:g}, not 1{at_least}"
                    )
                probs = [p / total for p in probs] if total > 0 else probs
            running, cumulative = 0.0, []
            for p in probs:
                running += p
                cumulative.append(running)
            cumulative[-1] = 1.0  # rounding must never let a draw fall off the end
            plan.cumulative.append(tuple(cumulative))
        else:
            plan.route.append(ALL)
            plan.cumulative.append(())
        if node.duration is not None:
            try:
                check_distribution(node.duration)
            except DistributionError as exc:
                problems.append(f"{np_}.duration: {exc}")
        plan.duration.append(node.duration)
        plan.pool.append(-1)
        lane = lanes.get(node.lane) if node.lane else None
        if node.type not in ACTIVITIES or lane is None or lane.role is None:
            continue
        role = case.role(lane.role)
        if role is None:
            continue  # validation has named the unknown role
        if role.id not in pools:
            capacity = (
                role.capacity
                if role.capacity is not None
                else math.ceil(role.fte - 1e-9)
                if role.fte is not None
                else None
            )
            if capacity == 0:
                problems.append(
                    f"structure.roles.{role.id}: role '{role.id}' (lane '{lane.id}') has no capacity "
                    "(capacity or fte is 0), so its activities could never be done"
                )
            calendar = None
            if role.calendar is not None:
                calendar = calendars.get(role.calendar)
                if calendar is not None and not calendar.hours:
                    problems.append(
                        f"calendars.{calendar.id}: calendar '{calendar.id}' of role '{role.id}' "
                        "has no opening hours"
                    )
            pools[role.id] = len(plan.pools)
            plan.pools.append(PoolPlan(role.id, role.label, capacity, calendar, role.cost_per_hour))
        plan.pool[-1] = pools[role.id]

    if inclusive and not problems:
        _pair_inclusive(plan, variant, inclusive, index, problems)

    arrivals = variant.arrivals
    if arrivals is not None:
        plan.arrival_interval = arrivals.interval
        plan.arrival_weights = list(arrivals.weekly.weights) if arrivals.weekly else None
        if arrivals.calendar is not None:
            plan.arrival_calendar = calendars.get(arrivals.calendar)
            if plan.arrival_calendar is not None and not plan.arrival_calendar.hours:
                problems.append(
                    f"calendars.{arrivals.calendar}: arrival calendar has no opening hours"
                )
        if arrivals.interval is not None:
            try:
                check_distribution(arrivals.interval)
            except DistributionError as exc:
                problems.append(f"{vp}.arrivals.interval: {exc}")
        if plan.arrival_weights is not None and not any(w > 0 for w in plan.arrival_weights):
            problems.append(f"{vp}.arrivals.weekly: no weekday has arrivals")
        elif plan.arrival_weights is not None and len(plan.arrival_weights) != 7:
            problems.append(f"{vp}.arrivals.weekly: needs 7 weights (Monday first)")
    plan.volume_per_year = variant.volume_per_year
    if plan.arrival_interval is None and not variant.volume_per_year:
        problems.append(
            f"{vp}: neither volume_per_year nor arrivals.interval is set, so no case would arrive"
        )
    if not variant.nodes:
        problems.append(f"{vp}: the variant has no flow to simulate")
    if problems:
        raise SimulationError(problems)
    return plan


def _pair_inclusive(
    plan: Plan, variant: Variant, splits: list[str], index: dict[str, int], problems: list[str]
) -> None:
    """Finds the OR join of each inclusive split (where all its branches first meet, as the static
    analysis does) and makes it wait for as many tokens as the split sent."""
    from verksam.analysis.graph import EXIT, AnalysisError, build_graph

    try:
        graph = build_graph(variant)
    except AnalysisError as exc:
        problems.append(f"processes.{plan.process_id}.variants.{variant.id}: {exc}")
        return
    joins = dict(graph.blocks)
    for split in splits:
        join = joins.get(split, EXIT)
        if join == EXIT:
            continue  # the branches never meet: each ends on its own
        if variant.node(join).type != "or":
            problems.append(
                f"processes.{plan.process_id}.variants.{variant.id}.nodes.{join}: the branches of "
                f"inclusive split '{split}' meet at '{join}', which would wait for branches not "
                "taken; join them with an OR gateway"
            )
            continue
        plan.pair[index[split]] = index[join]
        plan.join[index[join]] = DYNAMIC
