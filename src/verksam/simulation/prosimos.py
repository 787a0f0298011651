"""Import of a Prosimos simulation model (a BPMN file plus its JSON parameters) into a Verksam case.

Prosimos keeps the control flow in BPMN and everything else in JSON: `resource_profiles` (pools of
resources with amount, cost per hour, calendar and assigned tasks), `resource_calendars` (weekday
ranges with begin and end times), `arrival_time_distribution` and `arrival_time_calendar`,
`gateway_branching_probabilities` (gateway -> sequence flow -> probability) and
`task_resource_distribution` (a duration distribution per task and resource, in seconds, with
scipy-style names: fix, expon, norm, uniform, lognorm) and, optionally, `event_distribution` (how
long an intermediate catch event holds a case).

Mapping: each resource pool becomes a role (capacity = the pool's total amount) with a lane; each
task goes to the lane of the pool whose resources do it; durations and intervals become minutes;
calendars that are open round the clock are left out (no pause), others become case calendars.
Whatever the case model cannot express exactly is refused with an error naming the element, or, for
harmless simplifications (duration bounds, per-resource durations within one pool), listed as notes.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verksam.formats.bpmn_xml import BPMN, InterchangeError, local, parse_file
from verksam.model import Case, Distribution, Flow, Lane, Node, Process, Role, Structure, Variant
from verksam.model.process import Arrivals, Calendar, WorkingHours
from verksam.simulation.plan import SimulationError, compile_plan
from verksam.simulation.sampling import mean_of

WEEKDAYS = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]
_NODE_TYPES = {
    "task": "task",
    "startEvent": "start",
    "endEvent": "end",
    "exclusiveGateway": "xor",
    "parallelGateway": "and",
    "inclusiveGateway": "or",
    "eventBasedGateway": "event-gateway",
    "intermediateCatchEvent": "event",
}
_ID_BAD = re.compile(r"[^A-Za-z0-9_.\-]")
_UNBOUNDED = 1e6  # seconds; an upper bound beyond this (11+ days) is read as "no bound"


class ProsimosError(ValueError):
    """A Prosimos model that cannot be imported; the message names the file and the element."""


@dataclass
class ProsimosImport:
    """The imported case and notes on what was simplified."""

    case: Case
    process_id: str
    notes: list[str] = field(default_factory=list)


def _id(value: str) -> str:
    """A Verksam id for a Prosimos/BPMN id (ids must start with a letter or '_')."""
    cleaned = _ID_BAD.sub("_", value)[:100]
    return (
        cleaned if cleaned and (cleaned[0].isalpha() or cleaned[0] == "_") else f"_{cleaned}"[:100]
    )


def _number(value: Any, where: str) -> float:
    try:
        number = float(value["value"] if isinstance(value, dict) else value)
    except (KeyError, TypeError, ValueError):
        raise ProsimosError(f"{where}: {value!r} is not a number") from None
    if math.isnan(number):
        raise ProsimosError(f"{where}: NaN is not a number")
    return number


def distribution(spec: Any, where: str, notes: list[str]) -> Distribution:
    """A Prosimos distribution (seconds) as a Verksam one (minutes).

    Raises
    ------
    ProsimosError
        For a distribution the case model has no equivalent of, naming `where`.
    """
    if not isinstance(spec, dict) or "distribution_name" not in spec:
        raise ProsimosError(f"{where}: expected an object with distribution_name")
    name = str(spec["distribution_name"])
    raw = spec.get("distribution_params", [])
    if not isinstance(raw, list):
        raise ProsimosError(f"{where}: distribution_params must be a list")
    values = [_number(v, f"{where}.distribution_params[{i}]") / 60.0 for i, v in enumerate(raw)]
    needed = {"fix": 1, "expon": 1, "norm": 2, "uniform": 2, "lognorm": 2}
    if name not in needed:
        raise ProsimosError(
            f"{where}: distribution '{name}' has no equivalent in Verksam "
            "(supported: fix, expon, norm, uniform, lognorm)"
        )
    if len(values) < needed[name]:
        raise ProsimosError(f"{where}: '{name}' needs {needed[name]} parameters, got {len(values)}")
    if name == "fix":
        return Distribution(kind="fixed", mean=max(values[0], 0.0))
    if name == "uniform":
        return Distribution(kind="uniform", min=values[0], max=values[1])
    # expon: mean, min, max; norm: mean, sd, min, max; lognorm: mean, variance, min, max.
    bounds = values[1:3] if name == "expon" else values[2:4]
    low = bounds[0] if bounds else 0.0
    high = bounds[1] if len(bounds) > 1 else math.inf
    if name == "expon" and low > 0:
        raise ProsimosError(
            f"{where}: a shifted exponential (min {low * 60:g} s) has no equivalent in Verksam"
        )
    if low > 0 or high * 60 < _UNBOUNDED:
        notes.append(f"{where}: bounds [{low * 60:g} s, {high * 60:g} s] are not kept")
    if name == "expon":
        return Distribution(kind="exponential", mean=values[0])
    if name == "norm":
        return Distribution(kind="normal", mean=values[0], sd=values[1])
    # lognorm's second parameter is a variance in seconds², so it scales by 60² not 60.
    variance = values[1] * 60.0 / 60.0**2
    return Distribution(kind="lognormal", mean=values[0], sd=math.sqrt(max(variance, 0.0)))


def _clock(text: Any, where: str) -> dt.time:
    try:
        parsed = dt.time.fromisoformat(str(text))
    except ValueError:
        raise ProsimosError(f"{where}: {text!r} is not a time of day (HH:MM:SS)") from None
    return parsed


def _periods(periods: Any, where: str) -> list[WorkingHours] | None:
    """Weekly working hours, or None when the periods cover the whole week."""
    if not isinstance(periods, list):
        raise ProsimosError(f"{where}: expected a list of time periods")
    hours: list[WorkingHours] = []
    for i, period in enumerate(periods):
        pw = f"{where}[{i}]"
        try:
            first = WEEKDAYS.index(str(period["from"]).upper())
            last = WEEKDAYS.index(str(period["to"]).upper())
        except (KeyError, TypeError, ValueError):
            raise ProsimosError(f"{pw}: needs 'from' and 'to' weekdays (MONDAY...SUNDAY)") from None
        begin = _clock(period.get("beginTime"), f"{pw}.beginTime")
        end = _clock(period.get("endTime"), f"{pw}.endTime")
        if end >= dt.time(23, 59, 59):
            end = dt.time(23, 59, 59, 999999)
        if end <= begin:
            raise ProsimosError(f"{pw}: endTime {end} is not after beginTime {begin}")
        day = first
        while True:
            hours.append(WorkingHours(weekday=day, start=begin, end=end))
            if day == last:
                break
            day = (day + 1) % 7
    full = {h.weekday for h in hours if h.start == dt.time(0) and h.end >= dt.time(23, 59, 59)}
    return None if full == set(range(7)) else hours


def _section(data: dict[str, Any], key: str, where: str) -> Any:
    if key not in data:
        raise ProsimosError(f"{where}: the parameters have no '{key}' section")
    return data[key]


def _read_bpmn(
    path: Path,
) -> tuple[str, str, list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """The first process of a BPMN file: id, name, nodes (kind, id, name) and flows (id, src, tgt)."""
    try:
        tree = parse_file(path)
    except InterchangeError as exc:
        raise ProsimosError(str(exc)) from None
    processes = tree.getroot().findall(f"{{{BPMN}}}process")
    if not processes:
        raise ProsimosError(f"{path}: no BPMN process element")
    process = processes[0]
    nodes: list[tuple[str, str, str]] = []
    flows: list[tuple[str, str, str]] = []
    for element in process:
        if not isinstance(element.tag, str):
            continue
        kind = local(element)
        line = element.sourceline
        if kind == "sequenceFlow":
            fid, src, tgt = element.get("id"), element.get("sourceRef"), element.get("targetRef")
            if not (fid and src and tgt):
                raise ProsimosError(
                    f"{path}:{line}: sequenceFlow needs id, sourceRef and targetRef"
                )
            flows.append((fid, src, tgt))
        elif kind in _NODE_TYPES:
            nid = element.get("id")
            if not nid:
                raise ProsimosError(f"{path}:{line}: {kind} without an id")
            definitions = [local(c) for c in element if isinstance(c.tag, str)]
            node_kind = _NODE_TYPES[kind]
            if kind == "endEvent" and "terminateEventDefinition" in definitions:
                node_kind = "end-terminate"
            nodes.append((node_kind, nid, element.get("name") or ""))
        elif kind.endswith("Task") or kind in ("subProcess", "callActivity", "boundaryEvent"):
            raise ProsimosError(
                f"{path}:{line}: {kind} '{element.get('id')}' is not part of Prosimos' format "
                "(it simulates plain tasks, gateways and events only)"
            )
    known = {nid for _k, nid, _n in nodes}
    for fid, src, tgt in flows:
        for end in (src, tgt):
            if end not in known:
                raise ProsimosError(
                    f"{path}: sequenceFlow '{fid}' refers to unknown element '{end}'"
                )
    return process.get("id") or "process", process.get("name") or "", nodes, flows


def import_prosimos(bpmn_path: str | Path, params_path: str | Path) -> ProsimosImport:
    """Reads a Prosimos model pair into a case with one process and its simulation parameters.

    Raises
    ------
    ProsimosError
        Bad XML or JSON, a missing section, an unknown element reference, or something the case
        model cannot hold (differentiated resources across pools, unsupported distributions), or
        a model that could not be simulated (branch probabilities that don't sum to 1, a loop
        that never ends); the message names the file and the element.
    """
    bpmn_path, params_path = Path(bpmn_path), Path(params_path)
    process_id, process_name, raw_nodes, raw_flows = _read_bpmn(bpmn_path)
    try:
        data = json.loads(params_path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProsimosError(f"{params_path}: {exc.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ProsimosError(f"{params_path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ProsimosError(f"{params_path}: expected a JSON object")
    where = str(params_path)
    notes: list[str] = []

    calendars: dict[str, Calendar | None] = {}
    for i, raw in enumerate(_section(data, "resource_calendars", where)):
        cw = f"{where}: resource_calendars[{i}]"
        if not isinstance(raw, dict) or "id" not in raw:
            raise ProsimosError(f"{cw}: needs an id")
        hours = _periods(raw.get("time_periods"), f"{cw}.time_periods")
        cid = _id(str(raw["id"]))
        calendars[str(raw["id"])] = (
            None if hours is None else Calendar(id=cid, name=str(raw.get("name", "")), hours=hours)
        )

    roles: list[Role] = []
    resource_pool: dict[str, str] = {}  # resource id -> role id
    pool_members: dict[str, set[str]] = {}
    for i, pool in enumerate(_section(data, "resource_profiles", where)):
        pw = f"{where}: resource_profiles[{i}]"
        if not isinstance(pool, dict) or "id" not in pool:
            raise ProsimosError(f"{pw}: needs an id")
        role_id = _id(str(pool["id"]))
        members = pool.get("resource_list") or []
        if not members:
            raise ProsimosError(f"{pw}: pool '{pool['id']}' has no resources")
        amount, costs, pool_calendars = 0, set(), set()
        for j, member in enumerate(members):
            mw = f"{pw}.resource_list[{j}]"
            if not isinstance(member, dict) or "id" not in member:
                raise ProsimosError(f"{mw}: needs an id")
            amount += int(_number(member.get("amount", 1), f"{mw}.amount"))
            costs.add(_number(member.get("cost_per_hour", 0), f"{mw}.cost_per_hour"))
            calendar_ref = str(member.get("calendar", ""))
            if calendar_ref not in calendars:
                raise ProsimosError(f"{mw}: unknown calendar '{calendar_ref}'")
            pool_calendars.add(calendar_ref)
            resource_pool[str(member["id"])] = role_id
            pool_members.setdefault(role_id, set()).add(str(member["id"]))
        if len(pool_calendars) > 1:
            raise ProsimosError(
                f"{pw}: resources of pool '{pool['id']}' follow different calendars; "
                "a Verksam role has one calendar"
            )
        if len(costs) > 1:
            notes.append(f"{pw}: costs per hour differ within the pool; their mean is used")
        calendar = calendars[pool_calendars.pop()]
        roles.append(
            Role(
                id=role_id,
                name=str(pool.get("name", "")),
                capacity=amount,
                cost_per_hour=sum(costs) / len(costs),
                calendar=calendar.id if calendar is not None else None,
            )
        )

    task_lane: dict[str, str] = {}
    task_duration: dict[str, Distribution] = {}
    for i, entry in enumerate(_section(data, "task_resource_distribution", where)):
        tw = f"{where}: task_resource_distribution[{i}]"
        if not isinstance(entry, dict) or "task_id" not in entry:
            raise ProsimosError(f"{tw}: needs a task_id")
        task = str(entry["task_id"])
        resources = entry.get("resources") or []
        if not resources:
            raise ProsimosError(f"{tw}: task '{task}' has no resources")
        pools_used = set()
        for j, res in enumerate(resources):
            rid = str(res.get("resource_id", ""))
            if rid not in resource_pool:
                raise ProsimosError(f"{tw}.resources[{j}]: unknown resource '{rid}'")
            pools_used.add(resource_pool[rid])
        if len(pools_used) > 1:
            raise ProsimosError(
                f"{tw}: task '{task}' is done by resources of several pools "
                f"({', '.join(sorted(pools_used))}); Verksam gives each activity one role"
            )
        role_id = pools_used.pop()
        used = {str(r.get("resource_id")) for r in resources}
        if used != pool_members[role_id]:
            raise ProsimosError(
                f"{tw}: task '{task}' is done by only some resources of pool '{role_id}'; "
                "Verksam's roles share all their people"
            )
        if len({json.dumps(r.get("distribution_params"), sort_keys=True) for r in resources}) > 1:
            notes.append(f"{tw}: durations differ per resource; the first resource's is used")
        task_lane[task] = role_id
        task_duration[task] = distribution(resources[0], f"{tw}.resources[0]", notes)

    event_duration: dict[str, Distribution] = {}
    for i, entry in enumerate(data.get("event_distribution", [])):
        ew = f"{where}: event_distribution[{i}]"
        if not isinstance(entry, dict) or "event_id" not in entry:
            raise ProsimosError(f"{ew}: needs an event_id")
        event_duration[str(entry["event_id"])] = distribution(entry, ew, notes)

    probabilities: dict[str, float] = {}
    for i, gateway in enumerate(data.get("gateway_branching_probabilities", [])):
        gw = f"{where}: gateway_branching_probabilities[{i}]"
        for j, prob in enumerate(gateway.get("probabilities", [])):
            probabilities[str(prob.get("path_id"))] = _number(
                prob.get("value"), f"{gw}.probabilities[{j}]"
            )

    arrival_calendar = None
    if "arrival_time_calendar" in data:
        hours = _periods(data["arrival_time_calendar"], f"{where}: arrival_time_calendar")
        if hours is not None:
            arrival_calendar = Calendar(id="arrivals", name="Arrival calendar", hours=hours)
            notes.append(
                f"{where}: arrival_time_calendar: intervals between arrivals are counted in open "
                "time (Prosimos moves an arrival that falls in closed time to the next opening)"
            )
    interval = distribution(
        _section(data, "arrival_time_distribution", where),
        f"{where}: arrival_time_distribution",
        notes,
    )

    nodes: list[Node] = []
    for kind, nid, name in raw_nodes:
        if kind == "task":
            if nid not in task_lane:
                raise ProsimosError(
                    f"{where}: task '{nid}' ({name}) has no task_resource_distribution"
                )
            duration = task_duration[nid]
            nodes.append(
                Node(
                    id=_id(nid),
                    name=name,
                    type="task",
                    lane=task_lane[nid],
                    duration=duration,
                    touch_minutes=mean_of(duration),
                )
            )
        elif kind == "event":
            # An intermediate catch event (a timer, a message) holds the case: external waiting,
            # kept as the mean of its distribution.
            delay = event_duration.get(nid)
            minutes = mean_of(delay) if delay is not None else 0.0
            if delay is not None and delay.kind != "fixed":
                notes.append(f"{where}: event '{nid}' waits its mean time, {minutes:g} minutes")
            nodes.append(Node(id=_id(nid), name=name, type="event", waiting_hours=minutes / 60))
        elif kind == "end-terminate":
            nodes.append(Node(id=_id(nid), name=name, type="end", event="terminate"))
        else:
            nodes.append(Node(id=_id(nid), name=name, type=kind))
    flows = [
        Flow(id=_id(fid), source=_id(src), target=_id(tgt), probability=probabilities.get(fid))
        for fid, src, tgt in raw_flows
    ]
    used_roles = set(task_lane.values())
    variant = Variant(
        id="as-is",
        name="Imported from Prosimos",
        lanes=[Lane(id=r.id, name=r.name, role=r.id) for r in roles if r.id in used_roles],
        nodes=nodes,
        flows=flows,
        arrivals=Arrivals(interval=interval, calendar="arrivals" if arrival_calendar else None),
    )
    pid = _id(process_id)
    case_calendars = [c for c in calendars.values() if c is not None]
    if arrival_calendar is not None:
        case_calendars.append(arrival_calendar)
    case = Case(
        id=_id(bpmn_path.stem.lower()),
        name=process_name or bpmn_path.stem,
        description=f"Imported from the Prosimos model {bpmn_path.name} + {params_path.name}.",
        structure=Structure(roles=roles),
        processes=[Process(id=pid, name=process_name, variants=[variant])],
        calendars=case_calendars,
    )
    try:
        compile_plan(case, pid)
    except SimulationError as exc:
        # Prosimos only warns about such models; an import that cannot be simulated is refused.
        raise ProsimosError(
            f"{bpmn_path.name} + {params_path.name}: " + "; ".join(exc.problems)
        ) from None
    return ProsimosImport(case=case, process_id=pid, notes=notes)
